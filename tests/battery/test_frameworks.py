"""``session.info.user`` and ``login_required`` behind real Flask (Flask-Login) and Starlette servers,
driven with webio.testing.connect; Django: tests/django/test_pytest_django.py."""
from __future__ import annotations

import sys
import urllib.request
from collections.abc import Iterator

import pytest

from tests.flask.real_server import free_port, running
from webio.battery.site_login import REDIRECT_JS
from webio.testing import connect


@pytest.fixture(scope="module")
def flask_site() -> Iterator[str]:
    port = free_port()
    with running([sys.executable, "-m", "tests.battery.site_servers", "flask", str(port)], port) as url:
        yield url


def flask_login_cookie(url: str, name: str) -> str:
    with urllib.request.urlopen(f"{url}/login/{name}") as response:
        cookie = response.headers["Set-Cookie"]
    return str(cookie.split(";")[0])


def test_flask_login_current_user_is_session_info_user(flask_site: str) -> None:
    client = connect(flask_site + "/tool", transport="http", app="who",
                     headers={"Cookie": flask_login_cookie(flask_site, "grace")})
    assert client.text == "user: grace"
    client.close()
    anonymous = connect(flask_site + "/tool", transport="http", app="who")
    assert anonymous.text == "user: None"
    anonymous.close()


def test_flask_login_required(flask_site: str) -> None:
    anonymous = connect(flask_site + "/tool", transport="http", app="members")
    assert "members only" not in anonymous.text
    assert (anonymous.scripts[-1].code, anonymous.scripts[-1].args["login_url"]) == (REDIRECT_JS, "/login-page")
    anonymous.close()
    member = connect(flask_site + "/tool", transport="http", app="members",
                     headers={"Cookie": flask_login_cookie(flask_site, "ada")})
    assert member.text == "members only"
    member.close()


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_starlette_request_user_is_session_info_user(transport: str) -> None:
    port = free_port()
    with running([sys.executable, "-m", "tests.battery.site_servers", "starlette", str(port), transport], port) as url:
        client = connect(url + "/tool/", transport=transport, app="who", headers={"Cookie": "demo_user=ada"})
        client.wait_until(lambda c: c.text.startswith("user:"), timeout=10)
        assert client.text == "user: ada"
        client.close()
        anonymous = connect(url + "/tool/", transport=transport, app="members")
        anonymous.wait_until(lambda c: bool(c.scripts), timeout=10)
        assert anonymous.scripts[-1].code == REDIRECT_JS and "members only" not in anonymous.text
        anonymous.close()


def test_chromium_is_sent_to_the_sites_login_page_and_back(flask_site: str) -> None:
    from tests.client.chromium import chromium_for_tests

    with chromium_for_tests() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.goto(flask_site + "/tool?app=members")
        page.wait_for_url("**/login-page?next=*")
        assert page.url == flask_site + "/login-page?next=%2Ftool%3Fapp%3Dmembers"
        page.get_by_text("the site's login page").wait_for()
        page.goto(flask_site + "/login/ada")  # the site logs the user in (its session cookie)
        page.goto(flask_site + "/tool?app=members")
        page.get_by_text("members only").wait_for()
        context.close()
