"""webio.django views through Django's own test client (HTTP transport, tests/django/urls.py)."""
from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("django")

from django.contrib.auth.models import User  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from tests.django.webio_apps import APPS  # noqa: E402
from tests.flask.http_tab import HttpTab, echo_round_trip, greet_round_trip  # noqa: E402
from webio.django import webio_view  # noqa: E402


def tab_for(client: Client, url: str, **headers: str) -> HttpTab:
    def post(url: str, body: bytes, hdrs: dict[str, str]) -> tuple[int, bytes]:
        content_type = hdrs.pop("Content-Type", "application/json")
        response = client.post(url, data=body, content_type=content_type, headers=hdrs)
        return response.status_code, response.content

    return HttpTab(post, url, headers)


def test_page_uses_relative_asset_urls_and_assets_come_from_the_plugin() -> None:
    client = Client()
    page = client.get("/tools/x/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert '"transport":"http"' in html
    assets = re.findall(r'(?:src|href)="(\?_webio_static=[^"]+)"', html)
    assert assets and "://" not in " ".join(re.findall(r'(?:src|href)="([^"d][^"]*)"', html))
    for src in assets:
        asset = client.get("/tools/x/" + src.replace("&amp;", "&"))
        assert asset.status_code == 200 and len(asset.content) > 1000
        assert asset["Content-Type"].startswith(("text/javascript", "text/css"))


@pytest.mark.parametrize("app_name", ["echo", "echo_async"])
def test_round_trip_with_csrf_checks_on(app_name: str) -> None:
    client = Client(enforce_csrf_checks=True)  # the view is csrf_exempt: origin checks protect it
    hello = echo_round_trip(tab_for(client, f"/tool/?app={app_name}"), ("first", [1, 2]))
    assert hello["backend"] == "django"
    assert hello["request_type"] == "WSGIRequest"


def test_input_and_put_text_round_trip() -> None:
    assert greet_round_trip(tab_for(Client(), "/tools/x/?app=greet")) == "Hello, Ada from django"


def test_app_reads_request_user() -> None:
    user, _ = User.objects.get_or_create(username="ada")
    client = Client()
    client.force_login(user)
    tab = tab_for(client, "/who/")
    tab.open()
    seen = tab.script("whoami")["spec"]["args"]
    assert seen == {"user": "ada", "authenticated": True, "request_class": "WSGIRequest", "protocol": "http",
                    "backend": "django", "ip": "127.0.0.1"}
    anonymous = tab_for(Client(), "/who/")
    anonymous.open()
    assert anonymous.script("whoami")["spec"]["args"]["authenticated"] is False


def test_cross_origin_refused_by_default() -> None:
    client = Client()
    with pytest.raises(AssertionError, match="HTTP 403"):
        tab_for(client, "/tool/", Origin="https://evil.example").open()
    assert tab_for(client, "/tool/", Origin="http://testserver").open()["session_id"]


def test_allowed_origins_wildcards() -> None:
    client = Client()
    assert tab_for(client, "/partners/", Origin="https://shop.example.com").open()["session_id"]
    with pytest.raises(AssertionError, match="HTTP 403"):
        tab_for(client, "/partners/", Origin="https://example.org").open()


def test_settings_webio_sets_defaults_and_dotted_check_origin() -> None:
    with override_settings(WEBIO={"check_origin": "tests.django.test_django_views.allow_corp"}):
        view = webio_view(APPS)
    assert view.webio_endpoint.settings.check_origin("http://a.corp") is True  # type: ignore[attr-defined]
    with override_settings(WEBIO={"allowed_origin": ["*"]}), pytest.raises(ImproperlyConfigured, match="allowed_origins"):
        webio_view(APPS)


def allow_corp(origin: str) -> bool:
    return origin.endswith(".corp")


def test_max_payload_size_is_enforced_beyond_djangos_own_limit() -> None:
    client = Client()
    too_big = client.post("/small/?_webio=http", data=b"{" + b" " * 2000 + b"}", content_type="application/json")
    assert too_big.status_code == 413 and b"max_payload_size" in too_big.content
    # 3 MB is over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) but under the default max_payload_size.
    big = client.post("/tool/?_webio=http", data=b"{" + b" " * 3_000_000 + b"}", content_type="application/json")
    assert big.status_code == 200


def test_mount_with_include_under_tools_x() -> None:
    client = Client()
    assert client.get("/").content == b"the rest of the project"
    echo_round_trip(tab_for(client, "/tools/x/?app=echo"))
    assert client.get("/tools/x/?app=nope").status_code == 404


def test_websocket_transport_page() -> None:
    html = Client().get("/ws/").content.decode()
    assert '"transport":"websocket"' in html


def test_wsgi_app_in_a_configured_project(tmp_path: Any) -> None:
    from django.test import RequestFactory  # noqa: F401  (settings are already configured here)

    from webio.django import wsgi_app

    (tmp_path / "logo.txt").write_text("hello")
    app = wsgi_app(APPS, static_dir=str(tmp_path))
    client = Client()
    client.handler = _wrap(app)  # type: ignore[assignment]
    assert client.get("/static/logo.txt").getvalue() == b"hello"
    assert client.get("/").status_code == 200


def _wrap(app: Any) -> Any:
    from django.test.client import ClientHandler

    class Handler(ClientHandler):
        def get_response(self, request: Any) -> Any:
            request.urlconf = app.urlconf
            return super().get_response(request)

    return Handler(enforce_csrf_checks=False)


def test_import_without_django_says_how_to_install() -> None:
    code = "import sys; sys.modules['django'] = None\ntry:\n import webio.django\nexcept ImportError as e:\n print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "pip install webio[django]" in out


def test_standalone_wsgi_app_configures_django() -> None:
    code = ("from webio.django import wsgi_app\nfrom django.test import Client\n"
            "app = wsgi_app(lambda: None)\nfrom django.conf import settings\nprint(settings.ROOT_URLCONF, "
            "'webio.django' in settings.INSTALLED_APPS)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["webio.django._urls", "True"], result.stderr


def idle_poll(client: Client, wait: float) -> tuple[float, dict[str, Any]]:
    """Open an echo tab, then one event-less poll; how long it took and the reply."""
    import time

    tab = tab_for(client, "/tools/x/?app=echo")
    tab.open()
    tab.script("next()")
    started = time.monotonic()
    reply = tab.exchange(wait=wait)
    return time.monotonic() - started, reply


def test_single_threaded_wsgi_server_is_not_held_by_a_poll() -> None:
    took, reply = idle_poll(Client(), wait=20)  # the test client says wsgi.multithread: False
    assert took < 2 and reply["poll_after"] >= 1000


def test_threaded_wsgi_server_long_polls() -> None:
    took, reply = idle_poll(Client(**{"wsgi.multithread": True}), wait=0.5)
    assert took >= 0.45 and "poll_after" not in reply


def test_the_view_under_asgi_holds_polls() -> None:
    """Under ASGI Django gives each request of the view a thread of its own: holding is fine."""
    from django.test import AsyncRequestFactory

    from webio.django.views import translate_request

    assert translate_request(AsyncRequestFactory().post("/tools/x/?_webio=http")).can_hold is True


def test_settings_webio_bus_puts_the_views_on_that_bus_and_a_keyword_wins() -> None:
    from tests.redis_server import running_redis
    from webio.bus import BusConfigError

    with running_redis() as server:
        with override_settings(WEBIO={"bus": server.url}):
            endpoint = webio_view(APPS).webio_endpoint  # type: ignore[attr-defined]
            assert endpoint.registry.shared and server.url in repr(endpoint.registry.bus)
            alone = webio_view(APPS, bus="memory").webio_endpoint  # type: ignore[attr-defined]
            assert not alone.registry.shared
        endpoint.close()
        endpoint.registry.bus.close()
    with override_settings(WEBIO={"bus": "pigeon://x"}), pytest.raises(BusConfigError, match=r"settings.WEBIO\['bus'\]"):
        webio_view(APPS)
