"""One browser tab speaking the HTTP transport (docs/protocol.md) through any way of POSTing.

``post(url, body, headers) -> (status, body)`` is a framework test client or a real HTTP client,
so the same tab drives Flask's ``test_client``, Django's ``Client`` and a server over the network.
No framework is imported here (the Django tests use it too).
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable, Optional

from tests.conformance.wire import Command, FakeBrowser, is_script

Post = Callable[[str, bytes, dict[str, str]], tuple[int, bytes]]


class HttpTab:
    """The wire state of a tab plus the request loop of the HTTP transport."""

    def __init__(self, post: Post, url: str, headers: Optional[dict[str, str]] = None) -> None:
        self.post = post
        self.url = url + ("&" if "?" in url else "?") + "_webio=http"
        self.headers = dict(headers or {})
        self.browser = FakeBrowser()
        self.last_status = 0

    def exchange(self, events: list[str] = (), wait: float = 0) -> dict[str, Any]:  # type: ignore[assignment]
        """One POST: acknowledge what was applied, send ``events``, apply the frames of the reply."""
        headers = {"Content-Type": "application/json", **self.headers}
        if self.browser.session_id:
            headers["Webio-Session-Id"] = self.browser.session_id
        body = {"ack": self.browser.applied, "events": [json.loads(e) for e in events], "wait": wait}
        status, raw = self.post(self.url, json.dumps(body).encode(), headers)
        self.last_status = status
        assert status == 200, f"HTTP {status}: {raw[:300]!r}"
        reply = json.loads(raw)
        for frame in reply["frames"]:
            self.browser.feed(json.dumps(frame))
        if reply.get("closed"):
            self.browser.closed = True
        return reply

    def open(self) -> dict[str, Any]:
        reply = self.exchange()
        assert self.browser.session_id == reply["session_id"]
        return reply

    def wait_for(self, predicate: Callable[[Command], bool], timeout: float = 10) -> Command:
        """The first pending command matching ``predicate``, long-polling until it arrives."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.browser.take(predicate)
            if found is not None:
                return found
            assert not self.browser.closed, "the session closed while waiting"
            assert time.monotonic() < deadline, f"no matching command; pending: {list(self.browser.pending)}"
            self.poll(wait=1)

    def poll(self, wait: float = 20) -> dict[str, Any]:
        """An event-less poll as the browser makes it, pausing afterwards as a ``poll_after`` asks."""
        reply = self.exchange(wait=wait)
        if reply.get("poll_after"):
            time.sleep(reply["poll_after"] / 1000)
        return reply

    def script(self, code: str, timeout: float = 10) -> Command:
        return self.wait_for(is_script(code), timeout)

    def answer(self, cmd: Command, value: Any) -> dict[str, Any]:
        """Reply to an ``eval_js`` request (a ``run_script`` with ``eval``) with ``value``."""
        return self.exchange([self.browser.event("js_yield", cmd["task_id"], value)])


def echo_round_trip(tab: HttpTab, values: tuple[Any, ...] = ("a", 2)) -> dict[str, Any]:
    """Open an echo-app session (tests/conformance/apps) and echo ``values``; returns the hello args."""
    tab.open()
    hello = tab.script("hello")["spec"]["args"]
    for count, value in enumerate(values, start=1):
        asked = tab.script("next()")
        assert asked["spec"]["eval"] is True
        tab.answer(asked, value)
        echoed = tab.script("echo")["spec"]["args"]
        assert echoed == {"value": value, "count": count}
    return hello  # type: ignore[no-any-return]


def greet_round_trip(tab: HttpTab, name: str = "Ada") -> str:
    """Open a session of a greeting app (``input`` then ``put_text``), submit ``name``; the text shown."""
    tab.open()
    form = tab.wait_for(lambda cmd: cmd["command"] == "input_group")
    field = form["spec"]["inputs"][0]["name"]
    tab.exchange([tab.browser.event("from_submit", form["task_id"], {field: name})])
    shown = tab.wait_for(lambda cmd: cmd["command"] == "output" and cmd["spec"]["type"] == "text")
    return str(shown["spec"]["content"])
