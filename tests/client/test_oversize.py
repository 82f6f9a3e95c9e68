"""Events too large to send (docs/protocol.md): over max_payload_size they never leave the browser;
one a server refused for its own lower limit (WebSocket 1009, HTTP 413) is dropped, not resent,
and the user is told; anything else lost with a connection is resent as before. Over 256 KiB an
event goes in chunks, so a server's limit of 1 MiB does not refuse it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import button_and_note_form, out, submit_note

TOO_LARGE = "That was too large to send (limit 1.5 KiB); nothing was submitted."
TOO_LARGE_FOR_SERVER = "That was too large to send; nothing was submitted."
MIB = 1024 * 1024


def toast(h: Any, text: str) -> None:
    h.page.locator(".webio-toast").get_by_text(text, exact=True).wait_for()


def test_page_config_carries_max_payload_size(make_harness: Any) -> None:
    h = make_harness(max_payload_size=1536)
    assert h.page.evaluate("() => window.webio.config.max_payload_size") == 1536


def test_an_event_over_max_payload_size_is_not_sent(make_harness: Any) -> None:
    h = make_harness(max_payload_size=1536)
    panel = button_and_note_form(h, "SID-big")
    submit_note(panel, "é" * 1000)  # 1000 characters, 2000 bytes in UTF-8
    toast(h, TOO_LARGE)
    h.server.no_event()
    assert panel.get_by_label("Your note").input_value() == "é" * 1000
    assert panel.get_by_role("button", name="Submit", exact=True).is_enabled()
    submit_note(panel, "short")
    ev = h.server.event(name="from_submit")
    assert (ev["data"], ev["seq"]) == ({"note": "short"}, 1)  # the refused one took no seq


def test_the_refusal_toast_speaks_the_browsers_language(make_harness: Any) -> None:
    h = make_harness(locale="ru-RU", max_payload_size=1024)
    panel = button_and_note_form(h, "SID-big")
    panel.get_by_label("Your note").fill("x" * 2000)
    panel.get_by_role("button", name="Отправить", exact=True).click()
    toast(h, "Слишком большой объём для отправки (предел 1 KiB); ничего не отправлено.")


def test_after_1009_the_refused_event_is_dropped_and_the_others_resent(make_harness: Any) -> None:
    h = make_harness(reconnect_timeout=10, max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-big")
    h.server.refuse_over = 4000
    h.page.get_by_role("button", name="B", exact=True).click()
    assert h.server.event(name="callback")["seq"] == 1  # not acked: resent after the reconnect
    submit_note(panel, "x" * 5000)
    toast(h, TOO_LARGE_FOR_SERVER)
    h.server.wait_connected(count=2)
    assert h.server.connects[-1]["session"] == "SID-big"
    assert h.server.event(name="callback")["seq"] == 1
    h.server.no_event()
    assert len(h.server.refused) == 1
    assert panel.get_by_role("button", name="Submit", exact=True).is_enabled()
    submit_note(panel, "short")
    assert h.server.event(name="from_submit")["data"] == {"note": "short"}
    assert len(h.server.connects) == 2
    assert not h.page.get_by_text("Connection lost").is_visible()


def test_a_cut_with_a_small_event_in_flight_resends_it(make_harness: Any) -> None:
    """A close without a close frame is a network drop unless the event is over 1 MiB."""
    h = make_harness(reconnect_timeout=10, max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-big")
    h.server.refuse_over, h.server.refuse_with = 4000, 1006
    submit_note(panel, "x" * 5000)
    h.page.get_by_text("Connection lost. Reconnecting").wait_for()
    h.server.refuse_over = None  # the network is back
    h.server.wait_connected(count=2)
    assert h.server.event(name="from_submit")["data"] == {"note": "x" * 5000}
    assert h.page.locator(".webio-toast").count() == 0


@pytest.mark.parametrize("refuse_with", [1009, 1006])
def test_an_event_over_a_servers_1_mib_limit_goes_through_in_chunks(make_harness: Any, refuse_with: int) -> None:
    h = make_harness(reconnect_timeout=10, max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-big")
    h.server.refuse_over, h.server.refuse_with = MIB, refuse_with
    submit_note(panel, "x" * (3 * MIB))
    assert h.server.event(name="from_submit", timeout=10)["data"] == {"note": "x" * (3 * MIB)}
    assert h.server.refused == [] and len(h.server.connects) == 1
    assert h.page.locator(".webio-toast").count() == 0


def test_http_an_event_over_a_proxys_1_mib_limit_goes_through_in_chunks(make_harness: Any) -> None:
    h = make_harness(transport="http", max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-big")
    h.server.refuse_over = MIB
    submit_note(panel, "x" * (3 * MIB))
    assert h.server.event(name="from_submit", timeout=10)["data"] == {"note": "x" * (3 * MIB)}
    assert h.server.refused == []
    assert h.page.locator(".webio-toast").count() == 0


def test_http_413_drops_the_event_and_polling_goes_on(make_harness: Any) -> None:
    h = make_harness(transport="http", max_payload_size=20 * MIB)
    panel = button_and_note_form(h, "SID-big")
    h.server.refuse_over = 4000
    submit_note(panel, "x" * 5000)
    toast(h, TOO_LARGE_FOR_SERVER)
    assert panel.get_by_role("button", name="Submit", exact=True).is_enabled()
    h.send(out("text", content="still polling"))
    h.page.get_by_text("still polling").wait_for()
    submit_note(panel, "short")
    assert h.server.event(name="from_submit")["data"] == {"note": "short"}
    assert len(h.server.refused) == 1
    assert not h.page.get_by_text("Connection lost").is_visible()
