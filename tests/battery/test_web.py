"""URL query, localStorage and cookies through webio.testing: the scripts the browser is asked to run,
and what the app gets back from the browser's answers (the real browser: tests/battery/test_browser.py)."""
from __future__ import annotations

from typing import Any

import pytest

from webio.battery import (clear_localstorage, get_all_query, get_cookie, get_localstorage, get_query,
                           remove_localstorage, set_cookie, set_localstorage)
from webio.battery.browser import (ALL_QUERY_JS, CLEAR_STORAGE_JS, GET_COOKIE_JS, GET_STORAGE_JS, QUERY_JS,
                                   REMOVE_STORAGE_JS, SET_COOKIE_JS, SET_STORAGE_JS)
from webio.output import put_text
from webio.testing import run_app


def test_query_parameters_come_from_the_page_url() -> None:
    answers = {ALL_QUERY_JS: {"page": "2", "q": "a b"}}

    def js(code: str, args: dict[str, Any]) -> Any:
        return answers[code] if code in answers else {"page": "2"}.get(args["name"])

    def app() -> None:
        put_text(get_all_query())
        put_text(get_query("page"), get_query("missing"))

    client = run_app(app, js=js)
    assert client.text == "{'page': '2', 'q': 'a b'}\n2 None"
    assert [s.code for s in client.scripts] == [ALL_QUERY_JS, QUERY_JS, QUERY_JS]


def test_localstorage_scripts_and_values() -> None:
    def app() -> None:
        set_localstorage("theme", "dark")
        put_text("theme:", get_localstorage("theme"))
        remove_localstorage("theme")
        clear_localstorage()

    client = run_app(app, js=lambda code, args: "dark" if args == {"key": "theme"} else None)
    assert client.text == "theme: dark"
    assert [(s.code, s.args, s.eval) for s in client.scripts] == [
        (SET_STORAGE_JS, {"key": "theme", "value": "dark"}, False),
        (GET_STORAGE_JS, {"key": "theme"}, True),
        (REMOVE_STORAGE_JS, {"key": "theme"}, False),
        (CLEAR_STORAGE_JS, {}, False),
    ]


def test_cookies_are_set_with_site_path_and_expiry() -> None:
    def app() -> None:
        set_cookie("visited", "yes; path=/evil", days=30)
        put_text("cookie:", get_cookie("visited"), get_cookie("none"))

    client = run_app(app, js=lambda code, args: "yes" if args["key"] == "visited" else None)
    assert client.text == "cookie: yes None"
    first = client.scripts[0]
    assert (first.code, first.args) == (SET_COOKIE_JS, {"key": "visited", "value": "yes; path=/evil", "days": 30})
    assert "encodeURIComponent(value)" in SET_COOKIE_JS and "SameSite=Lax" in SET_COOKIE_JS
    assert client.scripts[1].code == GET_COOKIE_JS


def test_set_cookie_rejects_a_negative_lifetime() -> None:
    client = run_app(lambda: set_cookie("a", "b", days=-1), raise_app_errors=False)
    assert "days must be a number >= 0" in str(client.app_errors[0])


@pytest.mark.parametrize("answer", [None, 42])
def test_non_string_answers_do_not_leak_through(answer: Any) -> None:
    client = run_app(lambda: put_text(repr(get_localstorage("k"))), js=lambda code, args: answer)
    assert client.text == ("None" if answer is None else "'42'")
