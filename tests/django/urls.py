"""URLs of the test project: webio apps mounted the ways the docs show."""
from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path

from tests.conformance.apps.echo_app import APPS as ECHO_APPS
from webio.django import webio_path, webio_urls, webio_websocket_path
from webio.input import input
from webio.output import put_text
from webio.session import info, run_js


def greet() -> None:
    name = input("Your name")
    put_text(f"Hello, {name} from {info.backend}")


APPS = {**ECHO_APPS, "greet": greet}


def whoami() -> None:
    """Report what the app sees of the Django request (user, class, transport)."""
    request = info.request
    run_js("whoami", user=request.user.username, authenticated=request.user.is_authenticated,
           request_class=type(request).__name__, protocol=info.protocol, backend=info.backend, ip=info.user_ip)


def home(request: object) -> HttpResponse:
    return HttpResponse("the rest of the project")


urlpatterns = [
    path("", home),
    webio_path("tool/", APPS),
    path("tools/x/", include(webio_urls(APPS))),
    webio_path("who/", whoami),
    webio_path("small/", APPS, max_payload_size="1K"),
    webio_path("partners/", APPS, allowed_origins=["https://*.example.com"]),
    webio_path("ws/", APPS, transport="websocket"),
    webio_path("ws/who/", whoami, transport="websocket"),
]

# Routed by asgi.py for Channels, at the same paths as the views that serve their pages.
websocket_urlpatterns = [
    webio_websocket_path("ws/", APPS),
    webio_websocket_path("ws/who/", whoami),
]
