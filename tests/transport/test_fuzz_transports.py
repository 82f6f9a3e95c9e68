"""Fuzzing each transport in-process with hostile messages (tests/protocol/fuzzing.py): the
WebSocket bridge with a fake socket, and the HTTP exchange through the endpoint. Each run sends
``MESSAGES`` messages (10,000 in CI) to one live session, with another session beside it, and then
checks what a user would notice: the fuzzed session still answers a valid submit, the other one
too, no socket was closed, no HTTP 500, and nothing was logged at ERROR (no traceback)."""
from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections import Counter
from typing import Any, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conformance.wire import FakeBrowser
from tests.protocol.fuzzing import MESSAGES, PER_EXAMPLE, fuzz_settings, hostile_texts
from tests.transport.test_http_transport import core_request
from webio.input import input
from webio.output import put_buttons, put_text
from webio.session.context import enter_server_mode
from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint
from webio.transport.websocket import WebSocketBridge
from webio_core.rejections import reset_log_budget


def looping() -> None:
    """An app that never ends: a button row, then a name asked again and again."""
    put_buttons(["a", "b"], onclick=lambda value: put_text(f"clicked {value}"))
    while True:
        name = input("Your name")
        put_text(f"Hello, {name}")


def valid_messages(browser: FakeBrowser) -> list[dict[str, Any]]:
    """Messages the tab could send now: submit, typing, cancel, button clicks, eval_js answers, acks, chunks."""
    form = [cmd for frame in browser.frames for cmd in frame.get("commands") or [] if cmd["command"] == "input_group"][-1]
    task, field = form["task_id"], form["spec"]["inputs"][0]["name"]
    callbacks = sorted(set(re.findall(r'"(cb[0-9]+)"', json.dumps(browser.frames)))) or ["cb1"]
    seq, ack = browser.event_seq + 1, browser.applied
    return [
        {"event": "from_submit", "task_id": task, "data": {field: "x"}, "seq": seq, "ack": ack},
        {"event": "input_event", "task_id": task, "data": {"event_name": "change", "name": field, "value": "x"},
         "seq": seq, "ack": ack},
        {"event": "from_cancel", "task_id": task, "data": None, "seq": seq},
        {"event": "callback", "task_id": callbacks[0], "data": 1, "seq": seq},
        {"event": "js_yield", "task_id": task, "data": {"a": [1, 2]}, "seq": seq},
        {"ack": ack},
        {"chunk": {"seq": seq, "index": 0, "count": 2, "data": '{"event":"from_submit","task_id":"%s",' % task}},
        {"chunk": {"seq": seq, "index": 1, "count": 2, "data": '"data":{"%s":"y"},"seq":%d}' % (field, seq)}},
    ]


def current_form(browser: FakeBrowser) -> dict[str, Any]:
    return [cmd for frame in browser.frames for cmd in frame.get("commands") or [] if cmd["command"] == "input_group"][-1]


def shown_texts(browser: FakeBrowser) -> list[str]:
    return [cmd["spec"].get("content") for frame in browser.frames for cmd in frame.get("commands") or []
            if cmd["command"] == "output" and cmd["spec"].get("type") == "text"]


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The log of the test, from WARNING up, with the rate limit of rejection lines reset."""
    reset_log_budget()
    caplog.set_level(logging.WARNING)
    return caplog


def errors(log: pytest.LogCaptureFixture) -> list[str]:
    """What was logged at ERROR or above (tracebacks of the server or the app)."""
    return [record.getMessage() for record in log.records if record.levelno >= logging.ERROR]


def rejections(log: pytest.LogCaptureFixture) -> int:
    return sum(1 for record in log.records if "rejected" in record.getMessage())


# ----------------------------------------------------------------------------- WebSocket
class Peer:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed = False

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def close(self, code: int = 1000) -> None:
        self.closed = True


class WsTab:
    """A tab on a WebSocket bridge whose loop runs in a thread of its own."""

    def __init__(self, ep: WebioEndpoint, loop: asyncio.AbstractEventLoop) -> None:
        self.loop, self.peer, self.browser = loop, Peer(), FakeBrowser()
        request = HttpRequest("GET", "/", {"app": "looping"}, CaseInsensitiveHeaders({"Host": "tool.local"}), b"")
        self.bridge = self.on_loop(lambda: WebSocketBridge.open(ep, request, self.peer, loop))
        self.pump_until(lambda: any(cmd["command"] == "input_group" for cmd in self.browser.pending))

    def on_loop(self, call: Any) -> Any:
        async def run() -> Any:
            result = call()
            await asyncio.sleep(0)
            return result
        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=30)

    def send(self, texts: list[str]) -> None:
        def feed() -> None:
            for text in texts:
                self.bridge.receive_text(text)
        self.on_loop(feed)
        self.pump()

    def pump(self) -> None:
        sent = self.on_loop(lambda: [self.peer.sent.pop(0) for _ in range(len(self.peer.sent))])
        for text in sent:
            self.browser.feed(text)

    def pump_until(self, predicate: Any, timeout: float = 10) -> None:
        for _ in range(int(timeout / 0.02)):
            self.pump()
            if predicate():
                return
            threading.Event().wait(0.02)
        raise AssertionError(f"not reached; pending: {list(self.browser.pending)[-3:]}")

    def submit(self, name: str) -> None:
        """A valid submit of the current form, numbered after the last event the session took."""
        form = current_form(self.browser)
        self.browser.event_seq = self.bridge.session.last_event_seq
        self.send([self.browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})])
        self.pump_until(lambda: f"Hello, {name}" in shown_texts(self.browser))


@pytest.fixture
def ws_loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_fuzzing_the_websocket_transport_breaks_no_session(ws_loop: asyncio.AbstractEventLoop,
                                                           log: pytest.LogCaptureFixture) -> None:
    enter_server_mode()
    ep = WebioEndpoint({"looping": looping}, backend="test", protocol="websocket")
    fuzzed, other = WsTab(ep, ws_loop), WsTab(ep, ws_loop)
    sent = Counter[str]()

    @fuzz_settings(max(1, MESSAGES // PER_EXAMPLE))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        texts = data.draw(st.lists(hostile_texts(valid_messages(fuzzed.browser)), min_size=PER_EXAMPLE,
                                   max_size=PER_EXAMPLE))
        fuzzed.send(texts)
        sent["messages"] += len(texts)

    fuzz()
    assert sent["messages"] >= MESSAGES
    assert not fuzzed.peer.closed and not fuzzed.bridge.session.closed
    fuzzed.submit("Ada")
    other.submit("Bo")
    assert not other.peer.closed
    assert errors(log) == []
    print(f"\nWebSocket fuzz: {sent['messages']} messages, {rejections(log)} rejection lines logged, "
          f"session and socket open, 0 tracebacks")


# ----------------------------------------------------------------------------- HTTP
class HttpTab:
    """A tab posting straight to the endpoint (as a WSGI server would hand it the requests)."""

    def __init__(self, ep: WebioEndpoint) -> None:
        self.ep, self.browser = ep, FakeBrowser()
        self.statuses = Counter[int]()
        self.post("{}")
        while not any(cmd["command"] == "input_group" for cmd in self.browser.pending):
            self.post('{"wait": 1}')

    def post(self, body: str) -> int:
        headers = {"Content-Type": "application/json"}
        if self.browser.session_id:
            headers["Webio-Session-Id"] = self.browser.session_id
        response = self.ep.respond(core_request("/?app=looping&_webio=http",
                                                body.encode("utf-8", "surrogatepass"), headers, True))
        self.statuses[response.status] += 1
        if response.status == 200:
            for frame in json.loads(response.body)["frames"]:
                self.browser.feed(json.dumps(frame))
        return response.status

    def submit(self, name: str) -> None:
        form = current_form(self.browser)
        self.browser.event_seq = self.ep.registry.get(self.browser.session_id).last_event_seq  # type: ignore[union-attr]
        event = self.browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})
        assert self.post('{"ack": %d, "events": [%s], "wait": 0}' % (self.browser.applied, event)) == 200
        for _ in range(50):
            if f"Hello, {name}" in shown_texts(self.browser):
                return
            self.post('{"ack": %d, "wait": 0.2}' % self.browser.applied)
        raise AssertionError(f"no 'Hello, {name}'")


def http_bodies(tab: HttpTab) -> st.SearchStrategy[str]:
    """Request bodies around hostile messages: as the one event, as a chunk body, or as the body."""
    messages = hostile_texts(valid_messages(tab.browser))
    ack = tab.browser.applied
    return st.one_of(
        messages.map(lambda text: '{"ack": %d, "events": [%s], "wait": 0}' % (ack, text)),
        messages.map(lambda text: '{"ack": %d, "chunk": %s, "wait": 0}' % (ack, text)),
        messages,
        st.sampled_from(["NaN", "1e400", "-1", '"5"', "[]", "10" * 20]).map(
            lambda bad: '{"ack": %s, "wait": %s}' % (bad, bad)),
    )


def test_fuzzing_the_http_transport_breaks_no_session(log: pytest.LogCaptureFixture) -> None:
    enter_server_mode()
    ep = WebioEndpoint({"looping": looping}, backend="test", protocol="http")
    ep.settings.http_react_cap = 0.5
    fuzzed, other = HttpTab(ep), HttpTab(ep)

    @fuzz_settings(max(1, MESSAGES // PER_EXAMPLE))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        for body in data.draw(st.lists(http_bodies(fuzzed), min_size=PER_EXAMPLE, max_size=PER_EXAMPLE)):
            fuzzed.post(body)

    fuzz()
    assert sum(fuzzed.statuses.values()) >= MESSAGES
    assert set(fuzzed.statuses) <= {200, 400, 413}, fuzzed.statuses
    assert fuzzed.statuses[400] > 0 and fuzzed.statuses[200] > 0
    fuzzed.submit("Ada")
    other.submit("Bo")
    assert errors(log) == []
    print(f"\nHTTP fuzz: {sum(fuzzed.statuses.values())} requests, statuses {dict(fuzzed.statuses)}, "
          f"{rejections(log)} rejection lines logged, 0 tracebacks")
