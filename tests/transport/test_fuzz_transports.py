"""Fuzzing each transport in-process with hostile messages (tests/protocol/fuzzing.py): the
WebSocket bridge with a fake socket, and the HTTP exchange through the endpoint. Each run sends
``MESSAGES`` messages (10,000 in CI) to one live session, with another session beside it, and then
checks what a user would notice: the fuzzed session still answers a valid submit, the other one
too, no socket was closed, no HTTP 500, and nothing was logged at ERROR (no traceback)."""
from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import queue
import re
import threading
from collections import Counter
from typing import Any, Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conformance.wire import FakeBrowser, RecordingPeer
from tests.protocol.fuzzing import DRAWN, MESSAGES, PER_EXAMPLE, fuzz_settings, hostile_texts, variants
from tests.transport.test_http_transport import core_request
from webio.input import input
from webio.output import put_buttons, put_text
from webio.session.context import enter_server_mode
from webio.session.registry import LocalSessionRegistry
from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint
from webio_core.rejections import reset_log_budget


def looping() -> None:
    """An app that never ends: a button row, then a name asked again and again."""
    put_buttons(["a", "b"], onclick=lambda value: put_text(f"clicked {value}"))
    while True:
        name = input("Your name")
        put_text(f"Hello, {name}")


# The valid messages are drawn with fixed placeholders, replaced by the live values of the tab once
# drawn: what Hypothesis generates must not depend on the state of the session.
TASK, FIELD, CALLBACK, SEQ, ACK = "tTASK", "FIELD", "cbCALLBACK", 771771771, 772772772
VALID = [
    {"event": "from_submit", "task_id": TASK, "data": {FIELD: "x"}, "seq": SEQ, "ack": ACK},
    {"event": "input_event", "task_id": TASK, "data": {"event_name": "change", "name": FIELD, "value": "x"},
     "seq": SEQ, "ack": ACK},
    {"event": "from_cancel", "task_id": TASK, "data": None, "seq": SEQ},
    {"event": "callback", "task_id": CALLBACK, "data": 1, "seq": SEQ},
    {"event": "js_yield", "task_id": TASK, "data": {"a": [1, 2]}, "seq": SEQ},
    {"ack": ACK},
    {"chunk": {"seq": SEQ, "index": 0, "count": 2, "data": '{"event":"from_submit","task_id":"%s",' % TASK}},
    {"chunk": {"seq": SEQ, "index": 1, "count": 2, "data": '"data":{"%s":"y"},"seq":%d}' % (FIELD, SEQ)}},
]


def live(text: str, browser: FakeBrowser) -> str:
    """A drawn message with the placeholders replaced: the tab's form, button, next seq and ack."""
    form = current_form(browser)
    callbacks = sorted(set(re.findall(r'"(cb[0-9]+)"', json.dumps(browser.frames)))) or ["cb1"]
    return (text.replace(TASK, form["task_id"]).replace(FIELD, form["spec"]["inputs"][0]["name"])
            .replace(CALLBACK, callbacks[0]).replace(str(SEQ), str(browser.event_seq + 1))
            .replace(str(ACK), str(browser.applied)))


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
class WsTabBase:
    """A WebSocket tab: ``send`` hostile texts, ``pump`` what the server sent into the browser."""

    browser: FakeBrowser
    closed = False

    def send(self, texts: list[str]) -> None:
        raise NotImplementedError

    def pump(self) -> None:
        raise NotImplementedError

    def last_event_seq(self) -> int:
        raise NotImplementedError

    def pump_until(self, predicate: Any, timeout: float = 10) -> None:
        for _ in range(int(timeout / 0.02)):
            self.pump()
            if predicate():
                return
            threading.Event().wait(0.02)
        raise AssertionError(f"not reached; pending: {list(self.browser.pending)[-3:]}")

    def wait_for_form(self) -> None:
        self.pump_until(lambda: any(cmd["command"] == "input_group" for cmd in self.browser.pending))

    def submit(self, name: str) -> None:
        """A valid submit of the current form, numbered after the last event the session took."""
        form = current_form(self.browser)
        self.browser.event_seq = self.last_event_seq()
        self.send([self.browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})])
        self.pump_until(lambda: f"Hello, {name}" in shown_texts(self.browser))


class WsTab(WsTabBase):
    """A tab on a WebSocket bridge whose loop runs in a thread of its own."""

    def __init__(self, ep: WebioEndpoint, loop: asyncio.AbstractEventLoop) -> None:
        self.loop, self.peer, self.browser = loop, RecordingPeer(), FakeBrowser()
        request = HttpRequest("GET", "/", {"app": "looping"}, CaseInsensitiveHeaders({"Host": "tool.local"}), b"")
        self.bridge = self.on_loop(lambda: ep.open_websocket(request, self.peer, loop))
        self.wait_for_form()

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
        self.closed = self.peer.closed is not None

    def last_event_seq(self) -> int:
        return int(self.bridge.session.last_event_seq)


class ClientWsTab(WsTabBase):
    """A tab on a framework test client's WebSocket; a thread reads what the server sends."""

    def __init__(self, ws: Any, registry: LocalSessionRegistry) -> None:
        self.ws, self.registry, self.browser = ws, registry, FakeBrowser()
        self.inbox: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_form()

    def _read(self) -> None:
        try:
            while True:
                self.inbox.put(self.ws.receive_text())
        except Exception:
            self.inbox.put(None)

    def send(self, texts: list[str]) -> None:
        for text in texts:
            self.ws.send_text(text)
        self.pump()

    def pump(self) -> None:
        while not self.inbox.empty():
            text = self.inbox.get()
            if text is None:
                self.closed = True
            else:
                self.browser.feed(text)

    def last_event_seq(self) -> int:
        return int(self.registry.get(self.browser.session_id or "").last_event_seq)  # type: ignore[union-attr]


@pytest.fixture
def ws_loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


# The long mode (WEBIO_FUZZ_MESSAGES) needs more than the suite's per-test timeout.
long_run = pytest.mark.timeout(180 + MESSAGES // 20)


@long_run
def test_fuzzing_the_websocket_transport_breaks_no_session(ws_loop: asyncio.AbstractEventLoop,
                                                           log: pytest.LogCaptureFixture) -> None:
    enter_server_mode()
    ep = WebioEndpoint({"looping": looping}, backend="test", protocol="websocket")
    fuzz_websocket(WsTab(ep, ws_loop), WsTab(ep, ws_loop), MESSAGES, log, "WebSocket (bridge)")
    assert not ep.registry.get(ws_tab_session(ep)).closed  # type: ignore[union-attr]


def ws_tab_session(ep: WebioEndpoint) -> str:
    return next(iter(ep.websocket.bridges))


def fuzz_websocket(fuzzed: WsTabBase, other: WsTabBase, messages: int, log: pytest.LogCaptureFixture,
                   label: str) -> None:
    """Send ``messages`` hostile messages from ``fuzzed``; then both tabs submit and get their answer."""
    sent = Counter[str]()

    @fuzz_settings(max(1, messages // PER_EXAMPLE))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        drawn = data.draw(st.lists(HOSTILE, min_size=DRAWN, max_size=DRAWN))
        texts = variants(drawn, data.draw(st.randoms(use_true_random=False)), PER_EXAMPLE)
        fuzzed.send([live(text, fuzzed.browser) for text in texts])
        sent["messages"] += len(texts)

    fuzz()
    assert sent["messages"] >= messages
    fuzzed.submit("Ada")
    other.submit("Bo")
    assert not fuzzed.closed and not other.closed
    assert errors(log) == []
    print(f"\n{label} fuzz: {sent['messages']} messages, {rejections(log)} rejection lines logged, "
          f"session and socket open, 0 tracebacks")


@long_run
def test_fuzzing_starlette_through_its_test_client_breaks_no_session(log: pytest.LogCaptureFixture) -> None:
    import warnings

    from webio.starlette import asgi_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    registry = LocalSessionRegistry()
    with TestClient(asgi_app({"looping": looping}, registry=registry)) as client:
        with client.websocket_connect("/?app=looping") as first, client.websocket_connect("/?app=looping") as second:
            fuzz_websocket(ClientWsTab(first, registry), ClientWsTab(second, registry), MESSAGES // 10, log,
                           "Starlette test client")


# ----------------------------------------------------------------------------- HTTP
Post = Callable[[bytes, dict[str, str]], tuple[int, bytes]]


class HttpTab:
    """A tab of the HTTP transport; ``post(body, headers) -> (status, body)`` reaches the server."""

    def __init__(self, post: Post, session_seq: Callable[[str], int]) -> None:
        self._post, self.session_seq, self.browser = post, session_seq, FakeBrowser()
        self.statuses = Counter[int]()
        self.post("{}")
        while not any(cmd["command"] == "input_group" for cmd in self.browser.pending):
            self.post('{"wait": 1}')

    def post(self, body: str) -> int:
        headers = {"Content-Type": "application/json"}
        if self.browser.session_id:
            headers["Webio-Session-Id"] = self.browser.session_id
        status, reply = self._post(body.encode("utf-8", "surrogatepass"), headers)
        self.statuses[status] += 1
        if status == 200:
            for frame in json.loads(reply)["frames"]:
                self.browser.feed(json.dumps(frame))
        return status

    def submit(self, name: str) -> None:
        """A valid submit of the current form, numbered after the last event the session took."""
        form = current_form(self.browser)
        self.browser.event_seq = self.session_seq(self.browser.session_id or "")
        event = self.browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})
        assert self.post('{"ack": %d, "events": [%s], "wait": 0}' % (self.browser.applied, event)) == 200
        for _ in range(50):
            if f"Hello, {name}" in shown_texts(self.browser):
                return
            self.post('{"ack": %d, "wait": 0.2}' % self.browser.applied)
        raise AssertionError(f"no 'Hello, {name}'")


def endpoint_post(ep: WebioEndpoint) -> Post:
    def post(body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = ep.respond(core_request("/?app=looping&_webio=http", body, headers, True))
        return response.status, response.body
    return post


def registry_seq(registry: Any) -> Callable[[str], int]:
    return lambda session_id: int(registry.get(session_id).last_event_seq)


HOSTILE = hostile_texts(VALID)
# Request bodies around hostile messages: as the one event, as a chunk body, or as the body itself.
HTTP_BODIES = st.one_of(
    HOSTILE.map(lambda text: '{"ack": %d, "events": [%s], "wait": 0}' % (ACK, text)),
    HOSTILE.map(lambda text: '{"ack": %d, "chunk": %s, "wait": 0}' % (ACK, text)),
    HOSTILE,
    st.sampled_from(["NaN", "1e400", "-1", '"5"', "[]", "10" * 20]).map(lambda bad: '{"ack": %s, "wait": %s}' % (bad, bad)),
)


@long_run
def test_fuzzing_the_http_transport_breaks_no_session(log: pytest.LogCaptureFixture) -> None:
    enter_server_mode()
    ep = WebioEndpoint({"looping": looping}, backend="test", protocol="http")
    ep.http.settings = dataclasses.replace(ep.settings, http_react_cap=0.5)
    fuzzed, other = (HttpTab(endpoint_post(ep), registry_seq(ep.registry)) for _ in range(2))
    fuzz_http(fuzzed, other, MESSAGES, log, "HTTP (endpoint)")


def fuzz_http(fuzzed: HttpTab, other: HttpTab, messages: int, log: pytest.LogCaptureFixture, label: str) -> None:
    """Send ``messages`` hostile requests from ``fuzzed``; then both tabs submit and get their answer."""
    @fuzz_settings(max(1, messages // PER_EXAMPLE))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        drawn = data.draw(st.lists(HTTP_BODIES, min_size=DRAWN, max_size=DRAWN))
        for body in variants(drawn, data.draw(st.randoms(use_true_random=False)), PER_EXAMPLE):
            fuzzed.post(live(body, fuzzed.browser))

    fuzz()
    assert sum(fuzzed.statuses.values()) >= messages
    assert set(fuzzed.statuses) <= {200, 400, 413}, fuzzed.statuses
    assert fuzzed.statuses[400] > 0 and fuzzed.statuses[200] > 0
    fuzzed.submit("Ada")
    other.submit("Bo")
    assert errors(log) == []
    print(f"\n{label} fuzz: {sum(fuzzed.statuses.values())} requests, statuses {dict(fuzzed.statuses)}, "
          f"{rejections(log)} rejection lines logged, 0 tracebacks")


@long_run
def test_fuzzing_flask_through_its_test_client_breaks_no_session(log: pytest.LogCaptureFixture) -> None:
    import flask

    from webio.flask import webio_view

    registry = LocalSessionRegistry()
    app = flask.Flask(__name__)
    app.add_url_rule("/", "webio_view", webio_view({"looping": looping}, registry=registry), methods=["GET", "POST"])
    client = app.test_client()

    def post(body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = client.post("/?app=looping&_webio=http", data=body, headers=headers)
        return response.status_code, response.data

    fuzzed, other = (HttpTab(post, registry_seq(registry)) for _ in range(2))
    fuzz_http(fuzzed, other, MESSAGES // 10, log, "Flask test client")
