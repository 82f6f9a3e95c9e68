"""login_required and session.info.user through webio.testing (the frameworks: tests/battery/test_frameworks.py)."""
from __future__ import annotations

from types import SimpleNamespace

from webio.battery import login_required
from webio.battery.site_login import REDIRECT_JS
from webio.output import put_text
from webio.session import info
from webio.testing import run_app
from webio.testing.inprocess import test_session_info


@login_required(login_url="/accounts/login/")
def dashboard() -> None:
    put_text(f"Hello {info.user.username}")


def test_a_logged_in_user_reaches_the_app() -> None:
    user = SimpleNamespace(username="ada", is_authenticated=True)
    client = run_app(dashboard, info=test_session_info(user=user))
    assert client.text == "Hello ada"
    assert client.scripts == []


def test_an_anonymous_visitor_is_sent_to_the_login_page() -> None:
    client = run_app(dashboard)
    assert "Hello" not in client.text
    assert client.text == "Please log in to continue: log in"
    script = client.scripts[-1]
    assert (script.code, script.args) == (REDIRECT_JS, {"login_url": "/accounts/login/", "next_name": "next"})


def test_without_a_login_url_outside_django_it_says_what_to_pass() -> None:
    client = run_app(login_required(lambda: None), raise_app_errors=False)
    assert "login_url=" in str(client.app_errors[0])


def test_async_apps_too() -> None:
    @login_required(login_url="/login")
    async def app() -> None:
        put_text("inside")

    assert run_app(app, info=test_session_info(user=SimpleNamespace(is_authenticated=True))).text == "inside"
    assert "inside" not in run_app(app).text
