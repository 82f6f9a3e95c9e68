"""URLs of the test project: webio apps mounted the ways the docs show."""
from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path

from tests.django.webio_apps import APPS, whoami
from webio.django import webio_path, webio_urls, webio_websocket_path


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
