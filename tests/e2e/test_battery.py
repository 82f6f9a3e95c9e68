"""webio.battery in Chromium against the real server (apps_battery.py): login that survives a reload,
localStorage and cookies across page loads, the URL query, confirm/popup_input, a logbox fed by a
shell command and print()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import AppServer, app_server


@pytest.fixture(scope="module", params=["websocket", "http"])
def server(request: Any) -> Iterator[AppServer]:
    with app_server("apps_battery", request.param) as running:
        yield running


def test_login_persists_over_a_reload_and_logs_out(page: Any, server: AppServer) -> None:
    page.goto(server.app("login"))
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Username or password is incorrect").wait_for()
    page.get_by_label("Password").fill("lovelace")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Hello, ada").wait_for()
    token = page.evaluate("localStorage.getItem('webio_auth_token')")
    assert token.startswith("v1.") and "lovelace" not in token

    page.reload()
    page.get_by_text("Hello, ada").wait_for()
    assert page.get_by_label("Password").count() == 0

    page.evaluate("localStorage.setItem('webio_auth_token', localStorage.getItem('webio_auth_token') + 'x')")
    page.reload()
    page.get_by_label("Password").wait_for()  # a tampered token is refused
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("lovelace")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Password").wait_for()
    assert page.evaluate("localStorage.getItem('webio_auth_token')") is None


def test_localstorage_and_cookie_survive_a_reload(page: Any, server: AppServer) -> None:
    page.goto(server.app("storage"))
    page.get_by_text("stored: None cookie: None").wait_for()
    page.get_by_label("Favourite colour").fill("teal")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("saved").wait_for()
    page.reload()
    page.get_by_text("stored: teal cookie: teal; path=/x=y").wait_for()
    cookie = next(c for c in page.context.cookies() if c["name"] == "flavour")
    assert cookie["path"] == "/" and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
    assert cookie["value"] == "teal%3B%20path%3D%2Fx%3Dy"  # the value could not add cookie attributes


def test_query_parameters(page: Any, server: AppServer) -> None:
    page.goto(server.app("query") + "&q=caf%C3%A9&n=1")
    page.get_by_text("all: [('app', 'query'), ('n', '1'), ('q', 'café')] q: café none: None").wait_for()


def test_confirm_and_popup_input(page: Any, server: AppServer) -> None:
    page.goto(server.app("dialogs"))
    dialog = page.get_by_role("dialog", name="Delete file")
    dialog.get_by_text("Are you <b>sure</b>?").wait_for()  # text, not markup
    assert dialog.get_by_role("button", name="Close").count() == 0
    dialog.get_by_role("button", name="CANCEL").click()
    page.get_by_text("confirmed: False").wait_for()

    dialog = page.get_by_role("dialog", name="Sign up")
    dialog.get_by_label("User").fill("ada")
    dialog.get_by_label("Password").fill("abc")
    dialog.get_by_role("button", name="Submit").click()
    dialog.get_by_text("too short").wait_for()
    dialog.get_by_label("Password").fill("abcd")
    dialog.get_by_role("button", name="Submit").click()
    page.get_by_text("form: {'user': 'ada', 'pw': 'abcd'}").wait_for()
    assert page.get_by_role("dialog").count() == 0


def test_shell_and_print_stream_into_a_logbox_that_follows_the_end(page: Any, server: AppServer) -> None:
    page.goto(server.app("shell"))
    page.get_by_text("done").wait_for()
    box = page.locator("#webio-scope-webio-logbox-log")
    text = box.inner_text()
    assert text.startswith("line 0\nline 1\n") and "line 39\nprinted <i>after</i>, exit code 0" in text
    assert box.locator("i").count() == 0
    page.wait_for_timeout(400)  # the smooth scroll to the end
    scroller = box.locator("xpath=ancestor::*[contains(@class, 'webio-scrollable')][1]")
    metrics = scroller.evaluate("e => [e.scrollTop + e.clientHeight, e.scrollHeight, e.clientHeight]")
    assert metrics[2] <= 110 and metrics[0] >= metrics[1] - 2, metrics
