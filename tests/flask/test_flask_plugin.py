"""webio.flask through Flask's own test client: page, assets, HTTP transport, checks, mounting."""
from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

flask = pytest.importorskip("flask")

from tests.flask.flask_apps import APPS  # noqa: E402
from tests.flask.http_tab import HttpTab, echo_round_trip, greet_round_trip  # noqa: E402
from webio.flask import webio_bp, webio_view, wsgi_app  # noqa: E402


def tab_for(client: Any, url: str, **headers: str) -> HttpTab:
    def post(url: str, body: bytes, hdrs: dict[str, str]) -> tuple[int, bytes]:
        response = client.post(url, data=body, headers=hdrs)
        return response.status_code, response.data

    return HttpTab(post, url, headers)


def blueprint_app(prefix: str = "/tool", apps: Any = APPS, **options: Any) -> Any:
    app = flask.Flask(__name__)
    app.register_blueprint(webio_bp(apps, **options), url_prefix=prefix)
    return app


def test_page_uses_relative_asset_urls_and_the_http_transport() -> None:
    client = blueprint_app().test_client()
    page = client.get("/tool/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert '"transport":"http"' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if "_webio_static" in s]
    assert assets and all(s.startswith("?_webio_static=") for s in assets), sources
    assert "://" not in " ".join(s for s in sources if not s.startswith("data:")), "no CDN, no absolute URL"


def test_assets_come_from_the_plugin() -> None:
    client = blueprint_app().test_client()
    html = client.get("/tool").get_data(as_text=True)
    for src in re.findall(r'(?:src|href)="(\?_webio_static=[^"]+)"', html):
        asset = client.get("/tool" + src.replace("&amp;", "&"))
        assert asset.status_code == 200 and len(asset.data) > 1000
        assert asset.mimetype in ("text/javascript", "text/css")
        assert "immutable" in asset.headers["Cache-Control"]
    assert client.get("/tool?_webio_static=../../setup.cfg").status_code == 404


@pytest.mark.parametrize("app_name", ["echo", "echo_async"])
def test_round_trip_over_the_http_transport(app_name: str) -> None:
    client = blueprint_app().test_client()
    tab = tab_for(client, f"/tool/?app={app_name}")
    hello = echo_round_trip(tab, ("first", {"n": 2}))
    assert hello["backend"] == "flask"


def test_input_and_put_text_round_trip() -> None:
    client = blueprint_app().test_client()
    assert greet_round_trip(tab_for(client, "/tool/?app=greet")) == "Hello, Ada from flask"


def test_session_info_request_is_the_flask_request() -> None:
    seen: dict[str, Any] = {}

    def app() -> None:
        from webio.session import info, run_js

        seen.update(request=info.request, ip=info.user_ip, protocol=info.protocol, backend=info.backend)
        run_js("done")

    client = blueprint_app(apps=app).test_client()
    tab = tab_for(client, "/tool/?who=me", **{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"})
    tab.open()
    tab.script("done")
    assert isinstance(seen["request"], flask.Request)
    assert seen["request"].args["who"] == "me"
    assert (seen["backend"], seen["protocol"], seen["ip"]) == ("flask", "http", "127.0.0.1")


def test_cross_origin_refused_by_default() -> None:
    client = blueprint_app().test_client()
    tab = tab_for(client, "/tool/", Origin="https://evil.example")
    with pytest.raises(AssertionError, match="HTTP 403"):
        tab.open()
    same_host = tab_for(client, "/tool/", Origin="http://localhost")
    assert same_host.open()["session_id"]


def test_allowed_origins_wildcards() -> None:
    client = blueprint_app(allowed_origins=["https://*.example.com"]).test_client()
    assert tab_for(client, "/tool/?app=echo", Origin="https://app.example.com").open()["session_id"]
    with pytest.raises(AssertionError, match="HTTP 403"):
        tab_for(client, "/tool/?app=echo", Origin="https://example.org").open()


def test_check_origin_replaces_the_list() -> None:
    client = blueprint_app(check_origin=lambda origin: origin.endswith(".corp")).test_client()
    assert tab_for(client, "/tool/", Origin="http://intranet.corp").open()["session_id"]


def test_max_payload_size_is_enforced() -> None:
    client = blueprint_app(max_payload_size="1K").test_client()
    too_big = client.post("/tool/?_webio=http", data=b"{" + b" " * 2000 + b"}",
                          headers={"Content-Type": "application/json"})
    assert too_big.status_code == 413
    assert "max_payload_size" in too_big.get_data(as_text=True)
    assert tab_for(client, "/tool/").open()["session_id"]


def test_mount_under_a_nested_prefix_with_and_without_slash() -> None:
    client = blueprint_app("/tools/x").test_client()
    for url in ("/tools/x", "/tools/x/"):
        assert client.get(url).status_code == 200
        assert client.get(url + "?_webio_static=webio.js").status_code == 200
    echo_round_trip(tab_for(client, "/tools/x?app=echo"))
    assert client.get("/tools/x?app=nope").status_code == 404
    assert client.options("/tools/x/").status_code == 204


def test_webio_view_as_in_the_manual() -> None:
    app = flask.Flask(__name__)
    app.add_url_rule("/tools/x/", "webio_view", webio_view(APPS), methods=["GET", "POST", "OPTIONS"])
    client = app.test_client()
    assert client.get("/tools/x/").status_code == 200
    assert "POST" in client.options("/tools/x/").headers["Allow"]
    echo_round_trip(tab_for(client, "/tools/x/?app=echo_async"))


def test_two_blueprints_in_one_app() -> None:
    app = flask.Flask(__name__)
    app.register_blueprint(webio_bp(APPS["echo"], name="first"), url_prefix="/a")
    app.register_blueprint(webio_bp(APPS["echo"], name="second"), url_prefix="/b")
    client = app.test_client()
    echo_round_trip(tab_for(client, "/a"))
    echo_round_trip(tab_for(client, "/b/"))


def test_wsgi_app_serves_static_dir(tmp_path: Any) -> None:
    (tmp_path / "logo.txt").write_text("hello")
    client = wsgi_app(APPS, static_dir=str(tmp_path)).test_client()
    assert client.get("/static/logo.txt").data == b"hello"
    echo_round_trip(tab_for(client, "/?app=echo"))


def test_unknown_option_says_what_is_accepted() -> None:
    with pytest.raises(TypeError, match="allowed_origins"):
        webio_view(APPS, allow_origins=["*"])


def test_import_without_flask_says_how_to_install() -> None:
    code = "import sys; sys.modules['flask'] = None\ntry:\n import webio.flask\nexcept ImportError as e:\n print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "pip install webio[flask]" in out


def test_cross_origin_page_gets_a_cors_preflight_only_when_allowed():
    """A page on an allowed origin can use the HTTP transport from a browser (CORS preflight)."""
    import flask

    from webio.flask import webio_bp
    from webio.output import put_text

    app = flask.Flask(__name__)
    app.register_blueprint(webio_bp(lambda: put_text("hi"), allowed_origins=["https://*.example.com"]),
                           url_prefix="/tool")
    client = app.test_client()
    allowed = client.options("/tool/?app=index&_webio=http", headers={
        "Origin": "https://ops.example.com", "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ops.example.com"
    refused = client.options("/tool/?app=index&_webio=http", headers={
        "Origin": "https://evil.test", "Access-Control-Request-Method": "POST"})
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused.headers


def test_polls_are_held_only_when_the_wsgi_server_is_multithreaded() -> None:
    import time

    def idle_poll(client: Any, wait: float, multithread: bool = False) -> tuple[float, dict[str, Any]]:
        def post(url: str, body: bytes, hdrs: dict[str, str]) -> tuple[int, bytes]:
            response = client.post(url, data=body, headers=hdrs, environ_overrides={"wsgi.multithread": multithread})
            return response.status_code, response.data

        tab = HttpTab(post, "/tool/?app=echo")
        tab.open()
        tab.script("next()")
        started = time.monotonic()
        reply = tab.exchange(wait=wait)
        return time.monotonic() - started, reply

    took, reply = idle_poll(blueprint_app().test_client(), wait=20)
    assert took < 2 and reply["poll_after"] >= 1000
    took, reply = idle_poll(blueprint_app().test_client(), wait=0.5, multithread=True)
    assert took >= 0.45 and "poll_after" not in reply


def test_http_max_held_polls_is_an_option() -> None:
    assert webio_bp(APPS, http_max_held_polls=3).webio_endpoint.settings.http_max_held_polls == 3


def test_health_and_readiness_probes_need_no_plugin_code() -> None:
    client = blueprint_app().test_client()
    tab = tab_for(client, "/tool/?app=echo")
    tab.open()
    health = client.get("/tool/?_webio=health")
    assert health.status_code == 200 and health.get_json() == {"status": "ok", "sessions": 1, "draining": False}
    ready = client.get("/tool/?_webio=ready")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
