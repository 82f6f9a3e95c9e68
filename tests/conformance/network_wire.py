"""Wire-level scenarios over a real network connection (``websockets`` client), shared by the
plugin folders' real-server tests: a round trip with seq/ack, and a resumed session; and
``WebSocketTab`` / ``HttpTab``, raw tabs for the conformance scenarios that send what no
well-behaved client sends."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

from wire import FakeBrowser, is_script

from webio.testing._wsclient import connect

Command = dict[str, Any]
RECEIVE_TIMEOUT = 10


def websocket_url(page_url: str, query: str) -> str:
    return "ws" + page_url[len("http"):] + "?" + query


def next_command(ws: Any, browser: FakeBrowser, predicate: Callable[[Command], bool]) -> Command:
    while True:
        found = browser.take(predicate)
        if found is not None:
            return found
        browser.feed(ws.recv(timeout=RECEIVE_TIMEOUT))


def answer(ws: Any, browser: FakeBrowser, value: Any) -> Command:
    ask = next_command(ws, browser, is_script("next()"))
    ws.send(browser.event("js_yield", ask["task_id"], value))
    return next_command(ws, browser, is_script("echo"))


def round_trip_and_resume(page_url: str, app: str) -> Command:
    """Echo two values, lose the connection, resume, echo one more; return the ``hello`` command."""

    browser = FakeBrowser()
    with connect(websocket_url(page_url, f"app={app}")) as ws:
        hello = next_command(ws, browser, is_script("hello"))
        assert browser.frames[0]["seq"] == 1 and browser.session_id
        assert answer(ws, browser, "one")["spec"]["args"] == {"value": "one", "count": 1}
        assert browser.acked_by_server == 1
        ask = next_command(ws, browser, is_script("next()"))
        event = browser.event("js_yield", ask["task_id"], "two")
        ws.send(event)
        json.loads(ws.recv(timeout=RECEIVE_TIMEOUT))  # lost with the connection, never applied
    with connect(websocket_url(page_url, f"app={app}&{browser.resume_query()}")) as ws:
        ws.send(event)  # re-sent after the reconnect: must not count twice
        assert next_command(ws, browser, is_script("echo"))["spec"]["args"] == {"value": "two", "count": 2}
        assert answer(ws, browser, "three")["spec"]["args"] == {"value": "three", "count": 3}
        assert browser.duplicates == 0
    return hello


# --------------------------------------------------------------------------- raw tabs
class WireTab:
    """A tab reduced to the wire protocol over a real connection, for what ``webio.testing``
    cannot send: malformed, oversized or replayed messages. ``WebSocketTab`` / ``HttpTab``."""

    browser: FakeBrowser

    def wait_for(self, predicate: Callable[[Command], bool], timeout: float = RECEIVE_TIMEOUT) -> Command:
        """The first command matching ``predicate``, receiving frames until it comes."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.browser.take(predicate)
            if found is not None:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching command within {timeout} s; pending: {list(self.browser.pending)}")
            self.receive(remaining)

    def receive(self, timeout: float) -> None:
        raise NotImplementedError

    def send(self, text: str) -> Any:
        raise NotImplementedError

    def event(self, name: str, task_id: str, data: Any = None) -> str:
        return self.browser.event(name, task_id, data)


class WebSocketTab(WireTab):
    def __init__(self, page_url: str, query: str, **options: Any) -> None:
        self.browser = FakeBrowser()
        self.page_url = page_url
        self.ws = connect(websocket_url(page_url, query), open_timeout=RECEIVE_TIMEOUT, max_size=None, **options)
        self.ws.__enter__()  # the context-manager form (closed by ``close``)

    def receive(self, timeout: float) -> None:
        self.browser.feed(self.ws.recv(timeout=timeout))

    def send(self, text: str) -> None:
        self.ws.send(text)

    def close(self) -> None:
        self.ws.close()


class HttpTab(WireTab):
    """The HTTP transport by hand: ``post`` sends raw bodies, ``send`` one event (or raw JSON text)."""

    def __init__(self, page_url: str, app: str) -> None:
        self.browser = FakeBrowser()
        self.url = page_url + f"?app={app}&_webio=http"
        self.session_id = ""
        self.closed = False
        status, _ = self.post(json.dumps({"ack": 0, "events": []}).encode())
        assert status == 200, status

    def post(self, body: bytes, session_id: Optional[str] = None) -> tuple[int, dict[str, Any]]:
        """POST ``body``; apply the frames of a 200 answer; return (status, reply)."""
        sid = self.session_id if session_id is None else session_id
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Webio-Session-Id": sid})
        try:
            with urllib.request.urlopen(request, timeout=RECEIVE_TIMEOUT) as response:
                reply: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, {}
        self.session_id = reply.get("session_id") or self.session_id
        self.closed = self.closed or bool(reply.get("closed"))
        for frame in reply.get("frames") or ():
            self.browser.feed(json.dumps(frame))
        return 200, reply

    def exchange(self, events: list[Any], ack: Optional[int] = None, wait: float = 0) -> tuple[int, dict[str, Any]]:
        body = {"ack": self.browser.applied if ack is None else ack, "events": events, "wait": wait}
        return self.post(json.dumps(body).encode())

    def receive(self, timeout: float) -> None:
        self.exchange([], wait=min(timeout, 2.0))

    def send(self, text: str) -> tuple[int, dict[str, Any]]:
        try:
            event: Any = json.loads(text)
        except ValueError:
            event = text  # not JSON at all: it travels as a string in the events list
        return self.exchange([event])

    def close(self) -> None:
        pass


def open_tab(page_url: str, transport: str, app: str, **options: Any) -> WireTab:
    if transport == "websocket":
        return WebSocketTab(page_url, f"app={app}", **options)
    return HttpTab(page_url, app)


def is_command(name: str) -> Callable[[Command], bool]:
    return lambda cmd: cmd["command"] == name


def has_text(text: str) -> Callable[[Command], bool]:
    return lambda cmd: cmd["command"] == "output" and text in json.dumps(cmd["spec"])
