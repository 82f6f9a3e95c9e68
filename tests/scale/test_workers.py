"""Several workers sharing a real Redis bus, each request of a tab on another worker (webio.testing.workers)."""
from __future__ import annotations

import hashlib
import json
import urllib.request
from typing import Any

import pytest

from tests.redis_server import RedisServer
from webio.bus.routing import NO_BUS_PAGE
from webio.input import file_upload, input as webio_input
from webio.output import put_buttons, put_text
from webio.pin import pin, put_input
from webio.protocol.chunks import CHUNK_BYTES
from webio.testing import connect, workers

ROUNDS = 10


def echo() -> None:
    for round_number in range(ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")
    webio_input("More?")  # the session stays open (the end of a session is tested on its own)


def texts(client: Any) -> list[str]:
    return [line for line in client.text.splitlines() if line.startswith("Hello") or line == "done"]


@pytest.mark.parametrize("transport", ["http", "websocket"])
@pytest.mark.parametrize("route", ["round-robin", "wrong"])
def test_round_trips_cross_workers_with_nothing_lost_or_repeated(redis_server: RedisServer, transport: str,
                                                                 route: str) -> None:
    with workers(echo, n=2, bus=redis_server.url, transport=transport, route=route,
                 reconnect_timeout=10) as cluster:
        client = connect(cluster.url, transport=transport)
        for round_number in range(ROUNDS):
            if transport == "websocket":
                client.reconnect()  # a socket stays on its worker: each round on a new socket
            client.submit(f"user{round_number}")
        client.wait_until(lambda c: "done" in c.text)
        assert texts(client) == [f"Hello user{i} #{i}" for i in range(ROUNDS)] + ["done"]
        if route == "wrong":  # the owner answered the opening request only; the rest crossed the bus
            assert sorted(cluster.served)[0] == 1 and max(cluster.served) >= ROUNDS, cluster.served
        else:
            assert min(cluster.served) >= 3, cluster.served  # both workers answered requests of the tab
        client.close()


def clicker() -> None:
    put_input("word", value="")
    put_buttons(["Show"], onclick=lambda _: put_text(f"pin says {pin.word}"))
    put_text("ready")


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_callbacks_and_pins_work_through_other_workers(redis_server: RedisServer, transport: str) -> None:
    with workers(clicker, n=3, bus=redis_server.url, transport=transport, route="wrong",
                 reconnect_timeout=10) as cluster:
        client = connect(cluster.url, transport=transport)
        client.wait_until(lambda c: "ready" in c.text)
        for word in ("alpha", "beta", "gamma"):
            if transport == "websocket":
                client.reconnect()
            client.set_pin("word", word)
            client.click("Show")
            client.wait_until(lambda c, w=word: f"pin says {w}" in c.text)
        said = [line for line in client.text.splitlines() if line.startswith("pin says")]
        assert said == ["pin says alpha", "pin says beta", "pin says gamma"]
        assert sum(1 for count in cluster.served if count) >= 2, cluster.served
        client.close()


def uploader() -> None:
    upload = file_upload("A file")
    put_text(f"got {upload['filename']} {len(upload['content'])} {hashlib.sha256(upload['content']).hexdigest()}")


def test_an_upload_in_chunks_spread_over_workers_arrives_whole(redis_server: RedisServer) -> None:
    content = bytes(range(256)) * (3 * CHUNK_BYTES // 256)  # ~1 MiB of JSON text: several chunks
    with workers(uploader, n=2, bus=redis_server.url, transport="http", route="wrong") as cluster:
        client = connect(cluster.url, transport="http")
        before = list(cluster.served)
        client.upload("A file", [("data.bin", content)], submit=True)
        client.wait_until(lambda c: "got data.bin" in c.text)
        assert f"got data.bin {len(content)} {hashlib.sha256(content).hexdigest()}" in client.text
        assert sum(cluster.served) - sum(before) >= 4  # the chunks went in several requests
        client.close()


def test_a_websocket_resumes_on_another_worker_without_losing_or_repeating_frames(redis_server: RedisServer) -> None:
    with workers(echo, n=2, bus=redis_server.url, transport="websocket", reconnect_timeout=10) as cluster:
        client = connect(cluster.url, transport="websocket")
        for round_number in range(ROUNDS):
            client.submit(f"user{round_number}")
            if round_number % 3 == 1:
                client.reconnect()  # the next socket goes to the next worker
        client.wait_until(lambda c: "done" in c.text)
        assert texts(client) == [f"Hello user{i} #{i}" for i in range(ROUNDS)] + ["done"]
        assert cluster.served == [2, 2]  # four sockets, two on each worker
        client.close()


def test_without_a_shared_bus_the_tab_is_told_why_and_the_log_says_what_to_do(
        caplog: pytest.LogCaptureFixture) -> None:
    with workers(echo, n=2, bus=None, transport="http") as cluster:
        url = cluster.url + "?_webio=http"
        opened = post(url, {"ack": 0, "events": []})
        session_id = opened["session_id"]
        refused = post(url, {"ack": 0, "events": []}, session_id)  # round-robin: the other worker
        assert refused["closed"] is True
        commands = [c for frame in refused["frames"] for c in frame["commands"]]
        assert [c["command"] for c in commands] == ["toast", "close_session"]
        assert commands[0]["spec"]["content"] == NO_BUS_PAGE
        assert any("WEBIO_BUS=redis://" in record.getMessage() for record in caplog.records)


def post(url: str, body: dict[str, Any], session_id: str = "") -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if session_id:
        headers["Webio-Session-Id"] = session_id
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (a test URL)
        reply: dict[str, Any] = json.loads(response.read())
        return reply
