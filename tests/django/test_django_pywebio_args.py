"""webio_view(app, cdn, session_expire_seconds, ...) with PyWebIO's positional arguments (issue 14, item 9)."""
from __future__ import annotations

from django.test import RequestFactory

from webio.django import webio_view


def test_webio_view_takes_cdn_by_position() -> None:
    view = webio_view(lambda: None, "https://cdn.example/webio/", 30)
    page = view(RequestFactory().get("/tool/")).content.decode()
    assert 'src="https://cdn.example/webio/webio.js' in page
    assert view.webio_endpoint.settings.session_expire_seconds == 30  # type: ignore[attr-defined]


def test_webio_view_without_them_keeps_the_offline_default() -> None:
    page = webio_view(lambda: None)(RequestFactory().get("/tool/")).content.decode()
    assert 'src="?_webio_static=webio.js' in page
