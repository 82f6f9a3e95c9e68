"""The hostile messages measured in issue 11, kept as regression tests against the real server of
every plugin over each transport it serves (``SERVED``), sent by scripted clients.

Each message is refused (over HTTP with 400 and a short reason, never a 500), the socket stays
open, and the session goes on: after every one of them the echo app answers the next value. No
server writes a traceback (checked on its output when its tests are done).
``{"wait": NaN}`` is answered at once and the server's CPU stays low (it used to spin a thread).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Iterator

import psutil
import pytest

from network_wire import HttpTab, WebSocketTab, WireTab
from servers import SERVERS, server_output, started
from wire import is_script

# Every plugin's real server, each transport it serves: Tornado, Flask (werkzeug), Django (its WSGI
# views under its own server, its Channels consumer under daphne), Starlette and aiohttp (uvicorn / aiohttp.web).
SERVED = [("tornado", "websocket"), ("tornado", "http"), ("flask-start_server", "http"),
          ("django-start_server", "http"), ("django-start_server", "websocket"),
          ("starlette-uvicorn", "websocket"), ("starlette-uvicorn", "http"),
          ("aiohttp", "websocket"), ("aiohttp", "http")]
HTTP_SERVED = [served for served in SERVED if served[1] == "http"]
# Refused by the session rather than by the decoder: the request itself is well formed (200).
SESSION_LEVEL = {"task id that never existed"}
DEEP = 100_000  # nesting levels: past any recursion limit (RecursionError before issue 11)
Case = Callable[[str, int], str]

# name -> message text, from the task id of the pending eval_js and the next event seq.
MESSAGES: dict[str, Case] = {
    "deeply nested message": lambda task, seq: "[" * DEEP + "]" * DEEP,
    "deeply nested data": lambda task, seq: (
        '{"event": "js_yield", "task_id": "%s", "seq": %d, "data": %s}' % (task, seq, "[" * DEEP + "]" * DEEP)),
    "event name is a list": lambda task, seq: json.dumps({"event": ["js_yield"], "task_id": task, "seq": seq}),
    "event name is an object": lambda task, seq: json.dumps({"event": {"a": 1}, "task_id": task, "seq": seq}),
    "input_event event_name is a list": lambda task, seq: json.dumps(
        {"event": "input_event", "task_id": task, "seq": seq, "data": {"event_name": ["change"], "name": "x"}}),
    "input_event event_name is an object": lambda task, seq: json.dumps(
        {"event": "input_event", "task_id": task, "seq": seq, "data": {"event_name": {}, "name": "x"}}),
    "ack 1e400": lambda task, seq: '{"ack": 1e400}',
    "ack NaN": lambda task, seq: '{"ack": NaN}',
    "seq 10**30": lambda task, seq: json.dumps({"event": "js_yield", "task_id": task, "seq": 10 ** 30, "data": "x"}),
    "seq a million ahead": lambda task, seq: json.dumps(
        {"event": "js_yield", "task_id": task, "seq": seq + 10 ** 6, "data": "x"}),
    "data 1e400": lambda task, seq: '{"event": "js_yield", "task_id": "%s", "seq": %d, "data": 1e400}' % (task, seq),
    "data Infinity": lambda task, seq: '{"event": "js_yield", "task_id": "%s", "seq": %d, "data": Infinity}' % (
        task, seq),
    "task id that never existed": lambda task, seq: json.dumps(
        {"event": "js_yield", "task_id": "t987654", "seq": seq, "data": "x"}),
    "task id is a list": lambda task, seq: json.dumps({"event": "js_yield", "task_id": [task], "seq": seq}),
    "chunk count 10**30": lambda task, seq: json.dumps({"chunk": {"seq": seq, "index": 0, "count": 10 ** 30, "data": "x"}}),
    "chunk index NaN": lambda task, seq: '{"chunk": {"seq": %d, "index": NaN, "count": 2, "data": "x"}}' % seq,
    "lone surrogate": lambda task, seq: '{"event": "js_yield", "task_id": "%s", "seq": %d, "data": "\\ud800"}' % (
        task, seq),
}
# Whole HTTP bodies (the fields of the HTTP transport itself).
BODIES: dict[str, Callable[[int], bytes]] = {
    "ack 1e400": lambda ack: b'{"ack": 1e400, "events": []}',
    "wait NaN": lambda ack: b'{"ack": %d, "wait": NaN}' % ack,
    "wait Infinity": lambda ack: b'{"ack": %d, "wait": Infinity}' % ack,
    "wait 1e400": lambda ack: b'{"ack": %d, "wait": 1e400}' % ack,
    "events is an object": lambda ack: b'{"ack": %d, "events": {"event": "js_yield"}}' % ack,
    "deeply nested body": lambda ack: b"[" * DEEP + b"]" * DEEP,
    "invalid UTF-8": lambda ack: b'{"ack": %d, "events": [{"event": "js_yield", "task_id": "t1", "data": "\xff\xfe"}]}' % ack,
}


@pytest.fixture(scope="module", params=SERVED, ids=[f"{name}-{transport}" for name, transport in SERVED])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, psutil.Process]]:
    name, transport = request.param
    with started(SERVERS[name], transport) as (url, process):
        yield url, transport, psutil.Process(process.pid)
        output = server_output(process)
        assert "Traceback" not in output, f"{name} ({transport}) logged a traceback:\n{output[-3000:]}"


def open_echo(url: str, transport: str) -> WireTab:
    tab: WireTab = WebSocketTab(url, "app=echo") if transport == "websocket" else HttpTab(url, "echo")
    tab.wait_for(is_script("hello"))
    return tab


def echo(tab: WireTab, value: Any) -> Any:
    ask = tab.wait_for(is_script("next()"))
    tab.send(tab.event("js_yield", ask["task_id"], value))
    return tab.wait_for(is_script("echo"))["spec"]["args"]


@pytest.mark.parametrize("case", list(MESSAGES))
def test_a_hostile_message_is_refused_and_the_session_goes_on(server: tuple[str, str, psutil.Process],
                                                             case: str) -> None:
    url, transport, _ = server
    tab = open_echo(url, transport)
    try:
        assert echo(tab, "before") == {"value": "before", "count": 1}
        ask = tab.wait_for(is_script("next()"))
        text = MESSAGES[case](ask["task_id"], tab.browser.event_seq + 1)
        if isinstance(tab, HttpTab):
            status, _ = tab.post(b'{"ack": %d, "events": [%s], "wait": 0}' % (
                tab.browser.applied, text.encode("utf-8", "surrogatepass")))
            assert status == (200 if case in SESSION_LEVEL else 400)
        else:
            tab.send(text)
        tab.browser.event_seq += 1  # the hostile message took that seq (a refused one leaves a gap)
        tab.browser.pending.appendleft(ask)  # the question is still open: answer it now
        assert echo(tab, "after") == {"value": "after", "count": 2}
        if isinstance(tab, WebSocketTab):
            tab.ws.ping().wait(5)  # the socket is still open
    finally:
        tab.close()


def ids(served: list[tuple[str, str]]) -> list[str]:
    return [f"{name}-{transport}" for name, transport in served]


@pytest.mark.parametrize("server", HTTP_SERVED, indirect=True, ids=ids(HTTP_SERVED))
@pytest.mark.parametrize("case", list(BODIES))
def test_a_hostile_http_body_gets_400_and_the_session_goes_on(server: tuple[str, str, psutil.Process],
                                                              case: str) -> None:
    url, transport, _ = server
    tab = open_echo(url, transport)
    assert isinstance(tab, HttpTab)
    assert echo(tab, "before") == {"value": "before", "count": 1}
    status, _ = tab.post(BODIES[case](tab.browser.applied))
    assert status == 400
    assert echo(tab, "after") == {"value": "after", "count": 2}


@pytest.mark.parametrize("server", HTTP_SERVED, indirect=True, ids=ids(HTTP_SERVED))
def test_wait_nan_is_answered_at_once_and_spins_no_cpu(server: tuple[str, str, psutil.Process]) -> None:
    """Each held request with ``wait: NaN`` is answered (400) and the server's CPU stays low while
    they come (before issue 11 one thread spun at 100% and the request was never answered)."""
    url, transport, process = server
    tab = open_echo(url, transport)
    assert isinstance(tab, HttpTab)
    cpu_before = sum(process.cpu_times()[:2])
    started_at = time.monotonic()
    for _ in range(20):
        request = urllib.request.Request(tab.url, data=b'{"ack": %d, "wait": NaN}' % tab.browser.applied,
                                         method="POST", headers={"Content-Type": "application/json",
                                                                 "Webio-Session-Id": tab.session_id})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400 and b"NaN" in refused.value.read()
    time.sleep(1)  # a spinning thread would keep burning CPU after its request was answered
    elapsed = time.monotonic() - started_at
    cpu = sum(process.cpu_times()[:2]) - cpu_before
    assert cpu < 0.5 * elapsed + 1.0, f"server used {cpu:.2f} s of CPU in {elapsed:.2f} s"
    assert echo(tab, "after") == {"value": "after", "count": 1}
