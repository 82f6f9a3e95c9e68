"""Wire-level scenarios over a real network connection (``websockets`` client), shared by the
plugin folders' real-server tests: a round trip with seq/ack, and a resumed session."""
from __future__ import annotations

import json
from typing import Any, Callable

from wire import FakeBrowser, is_script

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
    from websockets.sync.client import connect

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
