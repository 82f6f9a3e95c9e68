"""basic_auth / custom_auth / revoke_auth and the signed token, through webio.testing.

The browser's localStorage is the ``stored`` dict: the app's set_localstorage scripts are read from
``client.scripts`` and the next session (a reload) is answered from it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import pytest

from webio.battery import basic_auth, custom_auth, login, revoke_auth
from webio.battery.browser import GET_STORAGE_JS, REMOVE_STORAGE_JS, SET_STORAGE_JS
from webio.battery.tokens import sign_token, verify_token
from webio.input import input
from webio.output import put_text
from webio.testing import run_app

SECRET = "test-secret-0123456789abcdef"


def check(username: str, password: str) -> bool:
    return username == "admin" and password == "s3cret"


class Storage:
    """A browser's localStorage as the app sees it over several page loads."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def answer(self, code: str, args: dict[str, Any]) -> Optional[str]:
        assert code == GET_STORAGE_JS
        return self.items.get(args["key"])

    def take(self, client: Any) -> None:
        for script in client.scripts:
            if script.code == SET_STORAGE_JS:
                self.items[script.args["key"]] = script.args["value"]
            elif script.code == REMOVE_STORAGE_JS:
                self.items.pop(script.args["key"], None)


def greeter() -> None:
    put_text(f"Hello, {basic_auth(check, secret=SECRET)}")


def test_login_form_rejects_bad_passwords_and_a_reload_stays_logged_in() -> None:
    storage = Storage()
    client = run_app(greeter, js=storage.answer)
    assert client.form.labels == ["Username", "Password"]
    assert client.form["password"].spec["type"] == "password"
    client.submit({"username": "admin", "password": "wrong"})
    assert client.toasts[-1].content == "Username or password is incorrect"
    assert client.form is not None and "Hello" not in client.text
    assert client.form["username"].value == "admin"  # kept: only the password is typed again
    client.submit({"password": "s3cret"})
    assert client.text == "Hello, admin"
    storage.take(client)
    assert verify_token(SECRET, "webio_auth_token", storage.items["webio_auth_token"], 7) == "admin"

    reloaded = run_app(greeter, js=storage.answer)  # the same browser opens the page again
    assert reloaded.form is None and reloaded.text == "Hello, admin"


def test_a_tampered_or_foreign_token_shows_the_form() -> None:
    good = sign_token(SECRET, "webio_auth_token", "admin")
    version, issued, _user, signature = good.split(".")
    forged_user = sign_token(SECRET, "webio_auth_token", "root").split(".")[2]
    for token in [f"{version}.{issued}.{forged_user}.{signature}",  # another user, old signature
                  sign_token("another-secret-0123456789", "webio_auth_token", "admin"),
                  sign_token(SECRET, "other_app_token", "admin"),  # minted for another token name
                  "garbage", ""]:
        client = run_app(greeter, js=lambda code, args, token=token: token)
        assert client.form is not None and client.form.labels == ["Username", "Password"], token


def test_tokens_expire_after_expire_days() -> None:
    token = sign_token(SECRET, "t", "ada", now=1_000_000)
    assert verify_token(SECRET, "t", token, 1, now=1_000_000 + 86_000) == "ada"
    assert verify_token(SECRET, "t", token, 1, now=1_000_000 + 86_500) is None
    assert verify_token(SECRET, "t", token, 1, now=1_000_000 - 3600) is None  # issued in the future
    assert verify_token(SECRET, "t", sign_token(SECRET, "t", "Zoë ✓"), 1) == "Zoë ✓"


def test_custom_auth_repeats_login_func_until_it_names_a_user() -> None:
    storage = Storage()

    def app() -> None:
        user = custom_auth(lambda: "guest" if input("Invitation code") == "42" else None, SECRET,
                           token_name="invite")
        put_text("welcome", user)

    client = run_app(app, js=storage.answer)
    client.submit("41")
    assert client.toasts[-1].content == "Authentication failed"
    client.submit("42")
    assert client.text == "welcome guest"
    storage.take(client)
    assert set(storage.items) == {"invite"}
    assert run_app(app, js=storage.answer).text == "welcome guest"


def test_revoke_auth_logs_out() -> None:
    storage = Storage()
    client = run_app(lambda: [login(check, SECRET), revoke_auth()], js=storage.answer)
    client.submit({"username": "admin", "password": "s3cret"})
    storage.take(client)
    assert storage.items == {}
    assert run_app(greeter, js=storage.answer).form is not None


def test_a_short_secret_is_refused_with_how_to_make_one() -> None:
    client = run_app(lambda: basic_auth(check, secret="short"), raise_app_errors=False)
    assert "secrets.token_urlsafe" in str(client.app_errors[0])


def test_without_a_secret_a_per_process_one_is_used_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    import webio.battery.tokens as tokens

    tokens._warned = False
    storage = Storage()
    with caplog.at_level(logging.WARNING, logger="webio.battery"):
        client = run_app(lambda: put_text(basic_auth(check)), js=storage.answer)
        client.submit({"username": "admin", "password": "s3cret"})
    assert "per-process secret" in caplog.text
    storage.take(client)
    assert run_app(lambda: put_text(basic_auth(check)), js=storage.answer).text == "admin"
    assert verify_token(SECRET, "webio_auth_token", storage.items["webio_auth_token"], 7) is None
