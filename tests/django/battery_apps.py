"""Apps and URLs of the pytest-django tests (tests/django/test_pytest_django.py): the site's user in webio."""
from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from webio.battery import login_required
from webio.django import webio_path
from webio.output import put_text
from webio.session import info, run_js


def member() -> None:
    put_text(f"user: {info.user.get_username() if info.user else None}")


@login_required  # Django's settings.LOGIN_URL
def members_only() -> None:
    put_text(f"welcome {info.user.get_username()}, staff: {info.user.is_staff}")


def sign_in(request: object) -> HttpResponse:
    return HttpResponse("the site's login page")


urlpatterns = [
    webio_path("battery/", {"member": member, "members": members_only}),
    webio_path("battery-ws/", {"member": member}, transport="websocket"),
    path("signin/", sign_in),
]


def who_script() -> None:
    """Reports ``info.user`` in a script (read by the Channels test's fake tab)."""
    run_js("who", user=info.user.get_username() if info.user else None)
