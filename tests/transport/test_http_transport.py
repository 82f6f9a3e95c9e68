"""The HTTP transport as a server drives it: which polls it holds, what it tells the client, and
that a tab keeps its session while it polls. No network: the tab posts straight to the endpoint."""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from tests.flask.http_tab import HttpTab, greet_round_trip
from webio.input import input
from webio.output import put_text
from webio.session.context import enter_server_mode
from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint
from webio.transport.http import SHORT_POLL_INTERVAL_MS


def greet() -> None:
    name = input("Your name")
    put_text(f"Hello, {name}")


def endpoint(**options: Any) -> WebioEndpoint:
    enter_server_mode()
    return WebioEndpoint({"greet": greet}, backend="test", protocol="http", **options)


def core_request(url: str, body: bytes, headers: dict[str, str], can_hold: bool) -> HttpRequest:
    query = dict(parse_qsl(urlsplit(url).query))
    return HttpRequest("POST", "/", query, CaseInsensitiveHeaders({"Host": "tool.local", **headers}), body,
                       can_hold=can_hold)


def tab(ep: WebioEndpoint, can_hold: bool = True) -> HttpTab:
    """A tab of a blocking (WSGI) server; ``can_hold=False``: a single-threaded one."""
    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = ep.respond(core_request(url, body, headers, can_hold))
        return response.status, response.body

    return HttpTab(post, "/?app=greet")


def async_tab(ep: WebioEndpoint) -> HttpTab:
    """A tab of an asyncio server (each request runs to its end on a fresh loop)."""
    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = asyncio.run(ep.respond_async(core_request(url, body, headers, can_hold=False)))
        return response.status, response.body

    return HttpTab(post, "/?app=greet")


def opened(new_tab: HttpTab) -> HttpTab:
    """The tab, once the app's form has arrived (kept as ``tab.form``: ``submit`` answers it)."""
    new_tab.open()
    new_tab.form = new_tab.wait_for(lambda cmd: cmd["command"] == "input_group")  # type: ignore[attr-defined]
    return new_tab


def in_background(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    return thread, result


def eventually(predicate: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def submit(t: HttpTab, name: str) -> dict[str, Any]:
    form = t.form  # type: ignore[attr-defined]
    return t.exchange([t.browser.event("from_submit", form["task_id"], {form["spec"]["inputs"][0]["name"]: name})])


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_single_threaded_server_answers_an_idle_poll_at_once_and_paces_the_client() -> None:
    idle = opened(tab(endpoint(), can_hold=False))
    took, reply = timed(lambda: idle.exchange(wait=20))
    assert took < 1 and reply["frames"] == [] and not reply["closed"]
    assert reply["poll_after"] == SHORT_POLL_INTERVAL_MS >= 1000  # about once a second, never more


def test_single_threaded_server_still_answers_a_click_in_the_same_request() -> None:
    t = opened(tab(endpoint(), can_hold=False))
    reply = submit(t, "Ada")
    assert "poll_after" not in reply
    shown = t.browser.take(lambda cmd: cmd["command"] == "output")
    assert shown is not None and shown["spec"]["content"] == "Hello, Ada"
    assert greet_round_trip(tab(endpoint(), can_hold=False), "Bob") == "Hello, Bob"


def test_threaded_server_holds_at_most_http_max_held_polls() -> None:
    ep = endpoint(http_max_held_polls=2)
    first, second, third = (opened(tab(ep)) for _ in range(3))
    polls = [in_background(lambda t=t: t.exchange(wait=20)) for t in (first, second)]
    eventually(lambda: ep.http.held_polls.count == 2)
    took, reply = timed(lambda: third.exchange(wait=20))
    assert took < 1 and reply["poll_after"] == SHORT_POLL_INTERVAL_MS

    submit(first, "Ada")  # output for the first tab ends its poll: a place is free again
    polls[0][0].join(5)
    assert polls[0][1] and polls[0][1][0]["frames"] and "poll_after" not in polls[0][1][0]
    eventually(lambda: ep.http.held_polls.count == 1)
    polls.append(in_background(lambda: third.exchange(wait=20)))
    eventually(lambda: ep.http.held_polls.count == 2)

    submit(second, "Bob")
    submit(third, "Cy")
    for thread, _ in polls:
        thread.join(5)
        assert not thread.is_alive()
    assert ep.http.held_polls.count == 0


def test_asyncio_servers_long_poll_whatever_the_request_says() -> None:
    t = opened(async_tab(endpoint()))
    took, reply = timed(lambda: t.exchange(wait=0.5))
    assert took >= 0.45 and "poll_after" not in reply


def test_a_long_poll_outlasting_session_expiry_keeps_its_session() -> None:
    ep = endpoint(session_expire_seconds=0.3, session_cleanup_interval=0.05)
    waiting = opened(tab(ep))
    poll, reply = in_background(lambda: waiting.exchange(wait=1.5))
    time.sleep(0.8)
    opened(tab(ep))  # another tab's request runs the cleanup while the first tab's poll is open
    poll.join(5)
    assert reply and reply[0]["closed"] is False
    submit(waiting, "Ada")
    assert waiting.browser.take(lambda cmd: cmd["command"] == "output")["spec"]["content"] == "Hello, Ada"


def test_a_tab_whose_request_comes_late_keeps_its_session() -> None:
    """The server was too busy to hear from the tab for longer than the expiry: the request that
    finally arrives belongs to a tab that is there, and must not find its session closed."""
    ep = endpoint(session_expire_seconds=0.3, session_cleanup_interval=0.05)
    late = opened(tab(ep))
    ep.http.expiry.stop()  # the timer would rightly close it now: here only the late request's own sweep runs
    ep.registry.touch(late.browser.session_id, now=time.monotonic() - 5)
    time.sleep(0.1)
    assert late.exchange()["closed"] is False


def test_a_tab_that_stopped_polling_still_expires() -> None:
    ep = endpoint(session_expire_seconds=0.3, session_cleanup_interval=0.05)
    gone = opened(tab(ep))
    time.sleep(0.5)
    opened(tab(ep))
    assert gone.exchange()["closed"] is True
