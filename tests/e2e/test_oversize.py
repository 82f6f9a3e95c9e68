"""A value larger than ``max_payload_size`` in Chromium on the default (Tornado) server: the user
gets a toast, keeps the form and the session, and can submit a shorter value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import panel, submit

TOO_LARGE = "That was too large to send (limit 1 KiB); nothing was submitted."


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_oversize", "websocket") as running:
        yield running


def test_a_value_over_max_payload_size_shows_a_toast_and_the_form_stays(page: Any, server: AppServer) -> None:
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(server.app("note"))
    field = panel(page).get_by_label("Your note")
    field.fill("x" * 3000)
    submit(page)
    page.locator(".webio-toast").get_by_text(TOO_LARGE, exact=True).wait_for()
    assert field.is_visible() and field.is_enabled()
    assert field.input_value() == "x" * 3000  # the user can shorten what they typed
    assert not page.get_by_text("saved").is_visible()
    field.fill("short note")
    submit(page)
    page.get_by_text("saved 10 characters", exact=True).wait_for()
    assert len(sockets) == 1  # the socket was never closed, so the tab never reconnected
    assert not page.get_by_text("Connection lost").is_visible()
    assert "larger than max_payload_size (1024 bytes)" in server.output.text
