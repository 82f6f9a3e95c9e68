"""A large upload arriving in chunks at a worker that does not own its session must not stop that
worker's other tabs: each chunk goes to the owner over the bus (seconds if the owner or Redis is
slow), off the event loop, while the socket's later messages wait their turn.

Two Tornado processes (``tests/scale/outage_node.py``) share a real redis-server. The uploading
tab's session is owned by one node; its chunks reach the other node while the owner is stopped
(SIGSTOP) for a moment. A tab of the other node's own gets its answer meanwhile; the upload then
completes, and the app sees the right bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest

from tests.redis_server import running_redis
from tests.scale.processes import Served, served_workers
from webio.protocol.chunks import CHUNK_BYTES
from webio.testing import connect
from webio.testing.network import chunks_of

pytestmark = pytest.mark.timeout(120)

CONTENT = bytes(range(256)) * (3 * CHUNK_BYTES // 256)  # ~1 MiB of JSON text once in base64: several chunks
GOT = f"got data.bin {len(CONTENT)} {hashlib.sha256(CONTENT).hexdigest()}"
# How long the owner stays stopped at most: well below its heartbeat expiry (3 s), so it is not
# taken for dead; a tab of the other worker answers in milliseconds unless its loop is held.
STOPPED_AT_MOST = 1.5


@dataclass
class Nodes:
    owner: Served
    other: Served


@pytest.fixture(scope="module")
def nodes() -> Iterator[Nodes]:
    with ExitStack() as stack:
        redis = stack.enter_context(running_redis())
        started = served_workers(stack, "tests.scale.outage_node", redis.url)
        yield Nodes(started[0], started[1])


def send_in_chunks(client: Any) -> None:
    """Make ``client``'s WebSocket send events over 256 KiB in chunks, as the browser does (the
    WebSocket client of webio.testing sends them whole)."""
    send = client.transport.send

    def chunked(texts: list[str]) -> None:
        for text in texts:
            message = json.loads(text)
            if "event" in message and len(text.encode()) > CHUNK_BYTES:
                send([json.dumps({"chunk": chunk}) for chunk in chunks_of(text, int(message["seq"]))])
            else:
                send([text])

    client.transport.send = chunked


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_a_chunked_upload_at_a_worker_not_owning_the_session_does_not_hold_up_its_other_tabs(
        nodes: Nodes, transport: str) -> None:
    owner, other = nodes.owner, nodes.other
    if transport == "websocket":
        uploading = connect(owner.url, app="uploader")
        uploading.transport.url = other.url.replace("http://", "ws://") + "?app=uploader"
        uploading.reconnect()  # the same session, now served by the other worker through the bus
        send_in_chunks(uploading)
    else:
        uploading = connect(owner.url + "http", transport="http", app="uploader")
        uploading.transport.url = other.url + "http?app=uploader&_webio=http"  # its requests now reach the other worker
    uploading.wait_until(lambda c: c.form is not None)
    local = connect(other.url, app="echo")  # a tab of the other worker's own, on the same event loop
    local.submit("before")

    order: list[str] = []
    stopped = threading.Lock()
    stopped.acquire()

    def resume_owner() -> None:
        if stopped.locked():
            os.kill(owner.process.pid, signal.SIGCONT)
            order.append("owner resumed")
            stopped.release()

    def upload() -> None:  # over HTTP each chunk is a request answered once the owner took it
        uploading.upload("A file", [("data.bin", CONTENT)], submit=True, wait=False)

    os.kill(owner.process.pid, signal.SIGSTOP)
    backstop = threading.Timer(STOPPED_AT_MOST, resume_owner)
    backstop.start()
    sending = threading.Thread(target=upload)
    try:
        sending.start()
        sending.join(0.5)  # the first chunk reached the other worker, which asks the stopped owner
        local.submit("meanwhile")  # the other tab's round trip, on the worker waiting for the owner
        order.append("other tab answered")
        if GOT in uploading.text:
            order.append("upload done")
    finally:
        backstop.cancel()
        resume_owner()
    sending.join(30)
    uploading.wait_until(lambda c: GOT in c.text, timeout=30)
    order.append("upload done")

    assert order == ["other tab answered", "owner resumed", "upload done"], order
    assert "Hello meanwhile #1" in local.text
    assert not uploading.closed and not local.closed
    for node in (owner, other):
        log = node.log()
        assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]
    local.close()
    uploading.close()
