"""The expiry timer and the limits, driven straight through an endpoint (no network): what a tab sees.
The same behaviour on real servers: tests/resilience."""
from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.transport.test_http_transport import endpoint, opened, tab
from webio.transport import CaseInsensitiveHeaders, HttpRequest
from webio.transport.expiry import THREAD_NAME
from webio.transport.limits import BUSY_TEXT, EventRateLimiter, counted_address
from webio.transport.settings import EndpointSettings


def expiry_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


def eventually(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_forgotten_tab_expires_with_no_other_request_and_the_timer_thread_ends() -> None:
    before = len(expiry_threads())
    ep = endpoint(session_expire_seconds=0.3, session_cleanup_interval=0.1)
    gone = opened(tab(ep))
    assert len(expiry_threads()) == before + 1  # started with the first session
    assert eventually(lambda: len(ep.registry) == 0), "the forgotten tab's session never expired"
    assert eventually(lambda: len(expiry_threads()) == before)  # nothing left to expire: it ends
    assert gone.exchange()["closed"] is True
    opened(tab(ep))  # the next session starts it again
    assert len(expiry_threads()) == before + 1
    ep.close()
    assert eventually(lambda: len(expiry_threads()) == before)


def page_request(headers: dict[str, str] | None = None, remote_ip: str = "") -> HttpRequest:
    return HttpRequest("GET", "/", {"app": "greet"}, CaseInsensitiveHeaders({"Host": "tool.local", **(headers or {})}),
                       remote_ip=remote_ip)


def test_past_max_sessions_the_page_is_a_503_and_a_new_tab_is_told() -> None:
    ep = endpoint(max_sessions=1)
    opened(tab(ep))
    page = ep.respond(page_request())
    assert page.status == 503 and BUSY_TEXT["en"].encode() in page.body and page.headers["Retry-After"] == "30"
    refused = tab(ep)
    reply = refused.exchange()
    assert reply["closed"] is True and "session_id" not in reply and refused.browser.closed
    assert any(cmd["command"] == "toast" and cmd["spec"]["content"] == BUSY_TEXT["en"]
               for frame in refused.browser.frames for cmd in frame["commands"])
    ep.close()
    assert ep.respond(page_request()).status == 200


def test_the_events_bucket_allows_a_seconds_worth_then_the_rate() -> None:
    bucket = EventRateLimiter(10)
    now = bucket.stamp
    assert sum(bucket.allow(now) for _ in range(30)) == 10
    assert bucket.notice_due(now + 1.0) == 20
    assert sum(bucket.allow(now + 0.5) for _ in range(30)) == 5
    assert EventRateLimiter(0).allow()


def test_loopback_is_not_counted_per_address() -> None:
    assert counted_address("127.0.0.1") is None and counted_address("::1") is None
    assert counted_address("203.0.113.9") == "203.0.113.9"


@pytest.mark.parametrize("name,value", [("max_sessions", -1), ("max_events_per_second", "10"),
                                        ("max_connections_per_ip", True)])
def test_a_bad_limit_says_what_to_give(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=f"{name} must be a number >= 0 \\(0 turns the limit off\\)"):
        EndpointSettings.parse(**{name: value})


def test_the_defaults_are_documented_and_generous() -> None:
    settings = EndpointSettings.parse()
    assert (settings.max_sessions, settings.max_events_per_second, settings.max_connections_per_ip) == (20000, 1000, 200)


def tab_from(ep: Any, address: str) -> Any:
    """A tab of a threaded WSGI server whose requests come from ``address``."""
    from tests.flask.http_tab import HttpTab
    from tests.transport.test_http_transport import core_request

    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        request = core_request(url, body, headers, can_hold=True)
        request.remote_ip = address
        response = ep.respond(request)
        return response.status, response.body

    return HttpTab(post, "/?app=greet")


def test_past_max_connections_per_ip_a_poll_is_answered_at_once_for_that_address_only() -> None:
    from tests.transport.test_http_transport import in_background
    from webio.transport.http import SHORT_POLL_INTERVAL_MS

    ep = endpoint(max_connections_per_ip=1)
    first, second = opened(tab_from(ep, "198.51.100.4")), opened(tab_from(ep, "198.51.100.4"))
    other = opened(tab_from(ep, "198.51.100.5"))
    held, _ = in_background(lambda: first.exchange(wait=2))
    assert eventually(lambda: ep.connections.count("198.51.100.4") == 1)
    started = time.monotonic()
    reply = second.exchange(wait=2)
    assert time.monotonic() - started < 1 and reply["poll_after"] == SHORT_POLL_INTERVAL_MS and not reply["closed"]
    started = time.monotonic()
    assert "poll_after" not in other.exchange(wait=0.5) and time.monotonic() - started >= 0.45  # held
    held.join(5)
    assert ep.connections.count("198.51.100.4") == 0
    ep.close()
