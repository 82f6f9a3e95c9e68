"""confirm and popup_input through webio.testing: what the user sees in the popup and what the app gets."""
from __future__ import annotations

import pytest

from webio.battery import confirm, popup_input
from webio.input import PASSWORD
from webio.output import put_info, put_text
from webio.pin import put_input
from webio.testing import run_app


def test_confirm_returns_the_button_pressed_and_closes_the_popup() -> None:
    def app() -> None:
        put_text("choice:", confirm("Delete file", "Are you sure to delete <b>this</b> file?"))
        put_text("again:", confirm("Really?", [put_text("last chance")]))

    client = run_app(app)
    assert client.popup.title == "Delete file"
    assert "Are you sure to delete <b>this</b> file?" in client.popup.text  # shown as text, not markup
    client.click("CONFIRM")
    assert "choice: True" in client.text
    assert client.popup.title == "Really?" and "last chance" in client.popup.text
    client.click("CANCEL")
    assert client.text.endswith("again: False") and client.popup is None
    client.close()


def test_confirm_times_out_with_none() -> None:
    client = run_app(lambda: put_text("got", confirm("Quick", timeout=0.2)))
    client.wait_until(lambda c: "got" in c.text, timeout=5)
    assert client.text == "got None" and client.popup is None


def test_confirm_leaves_the_callers_content_list_alone() -> None:
    content = ["a", "b"]

    def app() -> None:
        confirm("T", content)
        put_text(str(content))

    client = run_app(app)
    client.click("CONFIRM")
    assert client.text.endswith("['a', 'b']")


def test_popup_input_returns_the_pins_and_reports_validation_errors() -> None:
    def check(form: dict[str, str]) -> object:
        return ("password", "at least 6 characters") if len(form["password"]) < 6 else None

    def app() -> None:
        form = popup_input([
            put_input("username", label="Username"),
            put_input("password", type=PASSWORD, label="Password"),
            put_info("Forgot it? Ask the admin."),
        ], "Login", validate=check)
        put_text("form:", form)

    client = run_app(app)
    assert client.popup.title == "Login" and "Forgot it? Ask the admin." in client.popup.text
    client.set_pin("username", "ada")
    client.set_pin("password", "abc")
    client.click("Submit")
    assert client.popup is not None  # still open: the password is too short
    assert client.page.pin("password").invalid_feedback == "at least 6 characters"
    assert client.page.pin("password").valid_status is False
    client.set_pin("password", "abcdef")
    client.click("Submit")
    assert client.popup is None
    assert client.text == "form: {'username': 'ada', 'password': 'abcdef'}"


def test_popup_input_cancel_gives_none() -> None:
    client = run_app(lambda: put_text("form:", popup_input(put_input("x"), cancelable=True)))
    assert client.popup.title == "Please fill out the form below"
    client.click("Cancel")
    assert client.text == "form: None"


def test_popup_input_validate_returning_garbage_says_what_to_return() -> None:
    client = run_app(lambda: popup_input([put_input("x")], validate=lambda form: "bad"), raise_app_errors=False)
    client.click("Submit")
    assert "(pin_name, error_message)" in str(client.app_errors[0])


def test_blocking_battery_calls_refuse_async_apps() -> None:
    async def app() -> None:
        confirm("T")

    client = run_app(app, raise_app_errors=False)
    client.wait_idle()
    assert "thread-based app" in str(client.app_errors[0])


pytestmark = pytest.mark.timeout(60)
