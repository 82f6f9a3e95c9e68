"""Faults (issue 11, part 7): SIGTERM to each plugin's ``start_server``, and tabs that vanish in the
middle of an upload or of a WebSocket frame.

SIGTERM: the open sessions close cleanly (each ``defer_call`` writes its marker), the process exits
by itself, and its output has no traceback. Vanishing tabs leave nothing behind: the session ends
(or, waiting for the tab to resume, holds no partial upload), the thread count and the memory come back.
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import time
from typing import Any

import pytest

from guard_servers import Served, open_http_session, serve, settle, steady_threads
from wsclient import open_tab

TABS = 3
SIGTERM_CASES = [("tornado", "websocket"), ("tornado", "http"), ("flask-werkzeug", "http"),
                 ("django-start_server", "http"), ("django-start_server", "websocket"),
                 ("starlette-start_server", "websocket"), ("starlette-start_server", "http"),
                 ("aiohttp-start_server", "websocket"), ("aiohttp-start_server", "http")]


def open_tabs(served: Served, transport: str, app: str = "marker") -> list[Any]:
    if transport == "http":
        return [open_http_session(served.port, app) for _ in range(TABS)]

    async def opened() -> list[Any]:
        return [await open_tab(served.url, app) for _ in range(TABS)]

    return asyncio.run(opened())


@pytest.mark.parametrize("name,transport", SIGTERM_CASES, ids=[f"{n}-{t}" for n, t in SIGTERM_CASES])
def test_sigterm_closes_open_sessions_cleanly(name: str, transport: str) -> None:
    with serve(name, transport, expire=600, cleanup=300) as served:
        tabs = open_tabs(served, transport)
        assert len(tabs) == TABS and not served.marker_times()
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=15)  # exits by itself
        output = served.output()
        assert len(served.marker_times()) == TABS, f"{len(served.marker_times())} of {TABS} defer_call ran\n{output}"
        assert "Traceback" not in output, output


def _chunk_message(seq: int, index: int, count: int, data: str) -> str:
    return json.dumps({"chunk": {"seq": seq, "index": index, "count": count, "data": data}})


async def _partial_upload(url: str, megabytes: int) -> Any:
    """Open the upload app and send the first ``megabytes`` MiB of a much larger event in chunks."""
    conn, frames = await open_tab(url, "upload")
    part = base64.b64encode(os.urandom(192 * 1024)).decode()  # 256 KiB of text per chunk
    for index in range(megabytes * 4):
        await conn.write_message(_chunk_message(1, index, 4000, part))
    await asyncio.sleep(0.5)
    return conn


def test_a_socket_lost_mid_upload_leaves_nothing_behind() -> None:
    with serve("tornado", "websocket", limits={"max_events_per_second": 0}) as served:
        asyncio.run(_warm(served.url))
        baseline, rss_before = steady_threads(served), served.rss_kib

        async def scenario() -> None:
            conn = await _partial_upload(served.url, 40)
            conn.close()  # gone mid-upload

        asyncio.run(scenario())
        assert settle(lambda: len(served.marker_times()) == 1, 5), "the session did not end with its socket"
        assert settle(lambda: served.threads <= baseline, 5)
        assert settle(lambda: served.rss_kib < rss_before + 12 * 1024, 10), \
            f"RSS {served.rss_kib} KiB after the lost upload, {rss_before} KiB before"
        assert "Traceback" not in served.output()


def test_a_tab_that_may_resume_holds_no_partial_upload() -> None:
    """With reconnect_timeout the session waits for its tab; the 40 MiB it had received are dropped."""
    with serve("tornado", "websocket", reconnect=60) as served:
        asyncio.run(_warm(served.url))
        rss_before = served.rss_kib

        async def scenario() -> None:
            conn = await _partial_upload(served.url, 40)
            conn.close()

        asyncio.run(scenario())
        assert settle(lambda: served.rss_kib < rss_before + 12 * 1024, 10), \
            f"RSS {served.rss_kib} KiB while the session waits for its tab, {rss_before} KiB before the upload"
        assert not served.marker_times()  # the session still waits for the tab to come back


def test_a_socket_lost_mid_frame_leaves_nothing_behind() -> None:
    with serve("tornado", "websocket") as served:
        asyncio.run(_warm(served.url))
        baseline = steady_threads(served)
        for _ in range(5):
            _half_frame(served.port)
        assert settle(lambda: len(served.marker_times()) == 5, 5), f"{len(served.marker_times())} of 5 sessions ended"
        assert settle(lambda: served.threads <= baseline, 5)
        output = served.output()
        assert "Traceback" not in output, output


async def _warm(url: str) -> None:
    conn, _ = await open_tab(url, "noop")
    conn.close()
    await asyncio.sleep(0.3)


def _half_frame(port: int) -> None:
    """Open a session of the thread app by hand, send the first 1000 bytes of a 1 MiB frame, vanish."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((f"GET /?app=marker HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 101"), answer[:200]
        time.sleep(0.3)  # the app starts and waits
        mask = os.urandom(4)
        header = bytes([0x81, 0x80 | 127]) + (1024 * 1024).to_bytes(8, "big") + mask
        sock.sendall(header + bytes(b ^ mask[i % 4] for i, b in enumerate(b"x" * 1000)))
        time.sleep(0.1)
