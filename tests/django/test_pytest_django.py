"""The Django user in webio, tested the way Django sites test themselves: pytest-django's ``client``,
``settings``, ``db`` and ``live_server`` fixtures (pytest-django is in webio[test]), with webio.testing
driving the app over HTTP."""
from __future__ import annotations

from typing import Any

import pytest

from webio.battery.site_login import REDIRECT_JS
from webio.output import put_text
from webio.session import info
from webio.testing import connect, run_app
from webio.testing.inprocess import test_session_info


@pytest.fixture()
def site(settings: Any, live_server: Any) -> str:
    settings.ROOT_URLCONF = "tests.django.battery_apps"
    settings.LOGIN_URL = "/signin/"
    return str(live_server.url)


def session_cookie(client: Any, user: Any) -> dict[str, str]:
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def test_force_login_user_reaches_session_info_user(site: str, client: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("grace", password="not-used")
    app = connect(site + "/battery/", transport="http", app="member", headers=session_cookie(client, user))
    assert app.text == "user: grace"
    app.close()
    anonymous = connect(site + "/battery/", transport="http", app="member")
    assert anonymous.text == "user: None"
    anonymous.close()


def test_login_required_sends_anonymous_users_to_settings_login_url(site: str, client: Any, admin_user: Any) -> None:
    anonymous = connect(site + "/battery/", transport="http", app="members")
    assert anonymous.text == "Please log in to continue: log in"
    redirect = anonymous.scripts[-1]
    assert (redirect.code, redirect.args) == (REDIRECT_JS, {"login_url": "/signin/", "next_name": "next"})
    anonymous.close()

    admin = connect(site + "/battery/", transport="http", app="members", headers=session_cookie(client, admin_user))
    assert admin.text == "welcome admin, staff: True"
    admin.close()


def test_webio_testing_in_a_db_test(db: None, django_user_model: Any) -> None:
    """With ``db`` the test runs inside a transaction: the app sees the objects the test hands it."""
    user = django_user_model.objects.create_user("ada", first_name="Ada")

    def app() -> None:
        put_text(f"{info.user.get_username()} ({info.user.first_name})")

    assert run_app(app, info=test_session_info(user=user)).text == "ada (Ada)"


def test_apps_that_query_the_database_need_transactional_db(transactional_db: None, django_user_model: Any) -> None:
    """An app runs in its own thread (its own connection): it sees what the test committed."""
    user = django_user_model.objects.create_user("ada")

    def app() -> None:
        put_text(django_user_model.objects.get(pk=info.user.pk).username, django_user_model.objects.count())

    assert run_app(app, info=test_session_info(user=user)).text == "ada 1"


def test_channels_auth_middleware_user_is_session_info_user(transactional_db: None, client: Any,
                                                            django_user_model: Any) -> None:
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter

    from tests.django.battery_apps import who_script
    from tests.django.test_django_channels import SAME_ORIGIN, SocketTab, communicator, run_in_new_loop
    from webio.django import webio_websocket_path

    cookie = session_cookie(client, django_user_model.objects.create_user("hopper"))["Cookie"].encode()

    async def who(headers: list[tuple[bytes, bytes]]) -> Any:
        comm = communicator(AuthMiddlewareStack(URLRouter([webio_websocket_path("who/", who_script)])), "/who/",
                            headers)
        assert (await comm.connect(timeout=10))[0]
        seen = (await SocketTab(comm).script("who"))["spec"]["args"]["user"]
        await comm.disconnect()
        return seen

    assert run_in_new_loop(who(SAME_ORIGIN + [(b"cookie", cookie)])) == "hopper"
    assert run_in_new_loop(who(SAME_ORIGIN)) is None
