"""An event the server refuses as breaking the protocol (HTTP 400: the request was refused whole,
nothing in it applied) is dropped, like one refused as too large (413), and never sent again: a
console warning with the server's reason, nothing alarming in the page (no toast, no "connection
lost"), and the session goes on: polling, later events."""

from __future__ import annotations

import time
from typing import Any

from .conftest import button_and_note_form, out, submit_note

MIB = 1024 * 1024


def carries_callback(body: dict[str, Any]) -> bool:
    return any(event.get("event") == "callback" for event in body.get("events", []))


def warnings(h: Any) -> list[str]:
    return [line for line in h.console if line.startswith("warning: webio: the server refused")]


def wait_for_warning(h: Any, timeout: float = 10) -> None:
    """Wait (letting Playwright deliver console messages) until the page warned of a refused event."""
    deadline = time.monotonic() + timeout
    while not warnings(h) and time.monotonic() < deadline:
        h.page.wait_for_timeout(50)


def not_network(errors: list[str]) -> list[str]:
    """Errors of the page's scripts (Chromium logs every 4xx answer as a console error too)."""
    return [line for line in errors if "Failed to load resource" not in line]


def assert_nothing_alarming(h: Any) -> None:
    assert h.page.locator(".webio-toast").count() == 0
    assert not h.page.get_by_text("Connection lost").is_visible()
    assert h.page.evaluate("() => window.webio.session.state") == "open"


def test_http_400_drops_the_event_with_a_console_warning_and_the_session_goes_on(make_harness: Any) -> None:
    h = make_harness(transport="http")
    panel = button_and_note_form(h, "SID-400")
    h.server.bad_request_if = carries_callback
    h.page.get_by_role("button", name="B", exact=True).click()
    wait_for_warning(h)
    assert warnings(h) == ["warning: webio: the server refused a callback event (HTTP 400), dropped: "
                           "Bad request: event data of the wrong type"]
    h.page.wait_for_timeout(2500)  # a failed request is resent after 1 s: a refused one never is
    assert len(h.server.bad_requests) == 1
    h.server.no_event()
    assert_nothing_alarming(h)
    h.send(out("text", content="still polling"))
    h.page.get_by_text("still polling").wait_for()
    submit_note(panel, "short")
    ev = h.server.event(name="from_submit")
    assert ev["data"] == {"note": "short"} and ev["seq"] == 2  # the refused event kept its seq 1
    assert len(h.server.bad_requests) == 1
    assert_nothing_alarming(h)
    assert not_network(h.errors()) == []


def test_http_400_to_the_first_chunk_drops_the_whole_event(make_harness: Any) -> None:
    h = make_harness(transport="http", max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-400")
    h.server.bad_request_if = lambda body: "chunk" in body
    submit_note(panel, "x" * MIB)  # over 256 KiB: goes in chunks
    wait_for_warning(h)
    assert len(warnings(h)) == 1, h.console
    assert "from_submit event (HTTP 400)" in warnings(h)[0]
    h.page.wait_for_timeout(2500)
    assert [body["chunk"]["index"] for body in h.server.bad_requests] == [0]  # no retry, no later chunk
    assert_nothing_alarming(h)
    h.server.bad_request_if = None
    submit_note(panel, "short")
    assert h.server.event(name="from_submit")["data"] == {"note": "short"}
    assert not_network(h.errors()) == []
