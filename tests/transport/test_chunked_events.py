"""Large events in chunks over both transports, driven straight at the core (no network): the app
sees the event once its last chunk arrives; a repeated chunk does no harm; an event whose chunks
pass max_payload_size is refused (WebSocket: a toast, HTTP: 413) and the session goes on; a resumed
socket starts clean."""
from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.conformance.wire import FakeBrowser, RecordingPeer
from tests.transport.test_http_transport import endpoint, greet, opened, tab
from webio.session.context import enter_server_mode
from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint


def chunks(event: str, size: int) -> list[dict[str, Any]]:
    seq = json.loads(event)["seq"]
    slices = [event[i:i + size] for i in range(0, len(event), size)]
    return [{"seq": seq, "index": i, "count": len(slices), "data": data} for i, data in enumerate(slices)]


# ----------------------------------------------------------------------------- HTTP
def post_chunk(t: Any, chunk: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json", "Webio-Session-Id": t.browser.session_id}
    body = {"ack": t.browser.applied, "chunk": chunk, "wait": 0}
    status, raw = t.post(t.url, json.dumps(body).encode(), headers)
    if status != 200:
        return status, {}
    reply = json.loads(raw)
    for frame in reply["frames"]:
        t.browser.feed(json.dumps(frame))
    return status, reply


def submit_name(browser: FakeBrowser, form: dict[str, Any], name: str) -> str:
    return browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})


def name_event(t: Any, name: str) -> str:
    return submit_name(t.browser, t.form, name)


def test_http_an_event_in_chunks_reaches_the_app_and_a_retried_chunk_does_no_harm() -> None:
    t = opened(tab(endpoint()))
    parts = chunks(name_event(t, "Ada" + "!" * 3000), 700)
    for part in parts[:-1]:
        assert post_chunk(t, part)[0] == 200
        assert post_chunk(t, part)[0] == 200  # its answer was lost: the same POST again
    status, _ = post_chunk(t, parts[-1])
    assert status == 200
    text = t.wait_for(lambda cmd: cmd["command"] == "output")["spec"]["content"]
    assert text == "Hello, Ada" + "!" * 3000
    assert post_chunk(t, parts[-1])[0] == 200  # a retried last chunk does not submit twice
    t.poll(wait=0.2)
    assert not t.browser.take(lambda cmd: cmd["command"] == "output")


def test_http_chunks_over_max_payload_size_are_refused_with_413_and_the_session_goes_on() -> None:
    t = opened(tab(endpoint(max_payload_size="4K")))
    parts = chunks(name_event(t, "x" * 6000), 1500)
    statuses = [post_chunk(t, part)[0] for part in parts]
    assert statuses[:2] == [200, 200] and statuses[2] == 413  # refused as soon as it passed 4 KiB
    t.exchange([name_event(t, "Bo")])
    assert t.wait_for(lambda cmd: cmd["command"] == "output")["spec"]["content"] == "Hello, Bo"


def test_http_a_malformed_chunk_is_rejected_and_the_session_goes_on() -> None:
    t = opened(tab(endpoint()))
    assert post_chunk(t, {"seq": 1, "index": 1, "count": 2, "data": "{}"})[0] == 200
    assert post_chunk(t, {"seq": "x"})[0] == 400  # malformed: refused whole, with the reason
    t.exchange([name_event(t, "Cy")])
    assert t.wait_for(lambda cmd: cmd["command"] == "output")["spec"]["content"] == "Hello, Cy"


# ----------------------------------------------------------------------------- WebSocket
class Socket:
    """One socket of a tab: a bridge on the test's loop and what it sent."""

    def __init__(self, ep: WebioEndpoint, browser: FakeBrowser, query: dict[str, str]) -> None:
        self.peer = RecordingPeer()
        self.browser = browser
        request = HttpRequest("GET", "/", {"app": "greet", **query}, CaseInsensitiveHeaders({"Host": "tool.local"}), b"")
        bridge = ep.open_websocket(request, self.peer, asyncio.get_running_loop())
        assert bridge is not None
        self.bridge = bridge

    async def command(self, name: str) -> dict[str, Any]:
        for _ in range(500):
            while self.peer.sent:
                self.browser.feed(self.peer.sent.pop(0))
            found = self.browser.take(lambda cmd: cmd["command"] == name)
            if found is not None:
                return found
            await asyncio.sleep(0.01)
        raise AssertionError(f"no {name} command")


def ws_endpoint(**options: Any) -> WebioEndpoint:
    enter_server_mode()
    return WebioEndpoint({"greet": greet}, backend="test", protocol="websocket", **options)


async def ws_session(ep: WebioEndpoint) -> tuple[Socket, dict[str, Any]]:
    socket = Socket(ep, FakeBrowser(), {})
    form = await socket.command("input_group")
    return socket, form


def test_websocket_an_event_in_chunks_reaches_the_app() -> None:
    async def run() -> None:
        socket, form = await ws_session(ws_endpoint())
        event = submit_name(socket.browser, form, "Ada" + "é" * 2000)
        for part in chunks(event, 1000):
            socket.bridge.receive_text(json.dumps({"chunk": part}))
        assert (await socket.command("output"))["spec"]["content"] == "Hello, Ada" + "é" * 2000

    asyncio.run(run())


def test_websocket_chunks_over_max_payload_size_get_the_toast_and_the_session_goes_on() -> None:
    async def run() -> None:
        socket, form = await ws_session(ws_endpoint(max_payload_size="4K"))
        event = submit_name(socket.browser, form, "x" * 6000)
        for part in chunks(event, 1500):
            socket.bridge.receive_text(json.dumps({"chunk": part}))
        toast = await socket.command("toast")
        assert toast["spec"]["content"] == "That was too large to send (limit 4 KiB); nothing was submitted."
        assert not socket.peer.closed
        socket.bridge.receive_text(submit_name(socket.browser, form, "Bo"))
        assert (await socket.command("output"))["spec"]["content"] == "Hello, Bo"

    asyncio.run(run())


def test_websocket_a_resumed_socket_starts_clean_and_takes_the_event_from_its_first_chunk() -> None:
    async def run() -> None:
        ep = ws_endpoint(reconnect_timeout=5)
        socket, form = await ws_session(ep)
        parts = chunks(submit_name(socket.browser, form, "Ada" + "!" * 3000), 1000)
        socket.bridge.receive_text(json.dumps({"chunk": parts[0]}))
        socket.bridge.receive_text(json.dumps({"chunk": parts[1]}))
        ep.websocket_closed(socket.bridge)  # lost mid-event
        query = dict(part.split("=") for part in socket.browser.resume_query().lstrip("&?").split("&"))
        resumed = Socket(ep, socket.browser, {k: v for k, v in query.items() if k != "app"})
        resumed.bridge.receive_text(json.dumps({"chunk": parts[2]}))  # not a continuation here: dropped
        for part in parts:
            resumed.bridge.receive_text(json.dumps({"chunk": part}))
        assert (await resumed.command("output"))["spec"]["content"] == "Hello, Ada" + "!" * 3000

    asyncio.run(run())
