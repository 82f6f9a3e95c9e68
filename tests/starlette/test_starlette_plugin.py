"""webio.starlette through Starlette's own TestClient (HTTP and WebSocket), plus FastAPI mounting."""
from __future__ import annotations

import json
import re
import warnings
from typing import Any, Callable, Iterator

import pytest
from scenario_apps import APPS
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.websockets import WebSocketDisconnect
from wire import FakeBrowser, is_script

from webio.session import run_js
from webio.starlette import asgi_app, start_server, webio_routes

with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its TestClient
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.timeout(30)

try:
    from starlette.testclient import WebSocketDenialResponse  # Starlette >= 0.37
    REFUSED: tuple[type[BaseException], ...] = (WebSocketDisconnect, WebSocketDenialResponse)
except ImportError:  # pragma: no cover - older Starlette
    REFUSED = (WebSocketDisconnect,)


def next_command(ws: Any, browser: FakeBrowser, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Read frames until a command matching ``predicate`` arrives."""
    while True:
        found = browser.take(predicate)
        if found is not None:
            return found
        browser.feed(ws.receive_text())


def answer(ws: Any, browser: FakeBrowser, value: Any) -> dict[str, Any]:
    """Answer the app's pending ``eval_js('next()')`` with ``value``; return its echo command."""
    ask = next_command(ws, browser, is_script("next()"))
    ws.send_text(browser.event("js_yield", ask["task_id"], value))
    return next_command(ws, browser, is_script("echo"))


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(asgi_app(APPS, reconnect_timeout=5)) as test_client:
        yield test_client


# ----------------------------------------------------------------------------- page and assets
def test_page_uses_only_relative_urls(client: TestClient) -> None:
    page = client.get("/?app=echo")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [url for url in urls if "_webio_static=" in url]
    assert assets and all(url.startswith("?_webio_static=") for url in assets)
    config = json.loads(re.search(r'id="webio-config"[^>]*>(.*?)</script>', page.text, re.S).group(1))
    assert config["app"] == "echo" and config["transport"] == "websocket" and config["reconnect_timeout"] == 5


def test_assets_are_served_by_the_plugin(client: TestClient) -> None:
    page = client.get("/").text
    script = re.search(r'<script src="([^"]+)"', page).group(1).replace("&amp;", "&")
    asset = client.get("/" + script)
    assert asset.status_code == 200
    assert asset.headers["content-type"].startswith("text/javascript")
    assert "immutable" in asset.headers["cache-control"]
    assert client.get("/?_webio_static=../setup.cfg").status_code == 404


def test_unknown_app_is_404_with_the_names_of_the_apps(client: TestClient) -> None:
    response = client.get("/?app=nope")
    assert response.status_code == 404 and "echo_async" in response.text


# ----------------------------------------------------------------------------- websocket
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_round_trip_with_seq_and_ack(client: TestClient, app: str) -> None:
    browser = FakeBrowser()
    with client.websocket_connect(f"/?app={app}") as ws:
        hello = next_command(ws, browser, is_script("hello"))
        assert browser.frames[0]["seq"] == 1 and browser.session_id
        assert hello["spec"]["args"]["backend"] == "starlette"
        assert hello["spec"]["args"]["request_type"] == "WebSocket"
        assert hello["spec"]["args"]["request_module"].startswith("starlette")
        assert answer(ws, browser, "a")["spec"]["args"] == {"value": "a", "count": 1}
        assert browser.acked_by_server == 1
        assert answer(ws, browser, [1, 2])["spec"]["args"] == {"value": [1, 2], "count": 2}
        seqs = [frame["seq"] for frame in browser.frames if "seq" in frame]
        assert seqs == list(range(1, len(seqs) + 1))  # numbered 1, 2, 3, … with no gap or repeat
        assert len(seqs) >= 3


def test_reconnect_resumes_the_session_with_replay_and_no_duplicates(client: TestClient) -> None:
    browser = FakeBrowser()
    with client.websocket_connect("/?app=echo") as ws:
        assert answer(ws, browser, "before")["spec"]["args"]["count"] == 1
        ask = next_command(ws, browser, is_script("next()"))
        event = browser.event("js_yield", ask["task_id"], "lost?")
        ws.send_text(event)
        ws.receive_text()  # the frame with the echo of "lost?": the connection drops before the tab applies it
    session_id, seen = browser.session_id, browser.applied
    with client.websocket_connect(f"/?app=echo&{browser.resume_query()}") as ws:
        ws.send_text(event)  # the tab re-sends its unacknowledged event: it must not count twice
        echo = next_command(ws, browser, is_script("echo"))
        assert echo["spec"]["args"] == {"value": "lost?", "count": 2}
        assert browser.frames[-1]["seq"] == seen + 1 and browser.duplicates == 0
        assert answer(ws, browser, "after")["spec"]["args"] == {"value": "after", "count": 3}
        assert browser.session_id == session_id and browser.acked_by_server == 3


def test_replay_resends_frames_after_the_acknowledged_one(client: TestClient) -> None:
    browser = FakeBrowser()
    with client.websocket_connect("/?app=echo") as ws:
        next_command(ws, browser, is_script("next()"))
    stale = FakeBrowser()  # a tab that applied nothing: every frame comes again, in order
    stale.session_id = browser.session_id
    with client.websocket_connect(f"/?app=echo&{stale.resume_query()}") as ws:
        next_command(ws, stale, is_script("next()"))
        assert stale.frames[0]["seq"] == 1


def test_resuming_a_gone_session_closes_the_tab(client: TestClient) -> None:
    with client.websocket_connect("/?app=echo&session=unknown&ack=3") as ws:  # not even a valid id
        frame = json.loads(ws.receive_text())
        assert [cmd["command"] for cmd in frame["commands"]] == ["toast", "close_session"]
        assert "session id is not valid" in frame["commands"][0]["spec"]["content"]
        with pytest.raises(WebSocketDisconnect):
            ws.receive_text()


@pytest.mark.parametrize("bad", ["not json", "[1, 2]", '{"event": "bogus", "task_id": "t1"}',
                                 '{"event": "js_yield", "task_id": 5}', '{"ack": -1}'])
def test_malformed_frames_are_dropped_and_the_session_goes_on(client: TestClient, bad: str) -> None:
    browser = FakeBrowser()
    with client.websocket_connect("/?app=echo") as ws:
        next_command(ws, browser, is_script("hello"))
        ws.send_text(bad)
        ws.send_bytes(b"\xff\xfe")
        assert answer(ws, browser, "fine")["spec"]["args"] == {"value": "fine", "count": 1}


def test_a_message_over_max_payload_size_is_dropped_with_a_toast_and_the_socket_stays(caplog: Any) -> None:
    with TestClient(asgi_app(APPS, max_payload_size="1K")) as client:
        browser = FakeBrowser()
        with client.websocket_connect("/?app=echo", headers={"Accept-Language": "de-DE,de;q=0.9"}) as ws:
            ask = next_command(ws, browser, is_script("next()"))
            ws.send_text(browser.event("js_yield", ask["task_id"], "x" * 2000))
            toast = next_command(ws, browser, lambda cmd: cmd["command"] == "toast")
            assert toast["spec"]["content"] == ("Das war zu groß zum Senden (Obergrenze 1 KiB); "
                                                "es wurde nichts übermittelt.")
            ws.send_text(browser.event("js_yield", ask["task_id"], "small"))
            assert next_command(ws, browser, is_script("echo"))["spec"]["args"] == {"value": "small", "count": 1}
            assert browser.acked_by_server == browser.event_seq  # the tab forgets the dropped event too
        assert "larger than max_payload_size (1024 bytes)" in caplog.text
        big = client.post("/?app=echo&_webio=http", content=b"{}" + b" " * 2000)
        assert big.status_code == 413


# ----------------------------------------------------------------------------- origin
def test_cross_site_websocket_is_refused_by_default(client: TestClient) -> None:
    with pytest.raises(REFUSED):
        with client.websocket_connect("/?app=echo", headers={"Origin": "http://evil.example"}) as ws:
            ws.receive_text()


def test_same_host_origin_is_accepted(client: TestClient) -> None:
    with client.websocket_connect("/?app=echo", headers={"Origin": "http://testserver"}) as ws:
        assert json.loads(ws.receive_text())["seq"] == 1


def test_wildcard_allowed_origins_accept_cross_site() -> None:
    with TestClient(asgi_app(APPS, allowed_origins=["http://*.example"])) as client:
        with client.websocket_connect("/?app=echo", headers={"Origin": "http://app.example"}) as ws:
            assert json.loads(ws.receive_text())["seq"] == 1


def test_check_origin_decides() -> None:
    app = asgi_app(APPS, check_origin=lambda origin: origin.endswith(".trusted"))
    with TestClient(app) as client:
        with client.websocket_connect("/", headers={"Origin": "https://a.trusted"}) as ws:
            assert json.loads(ws.receive_text())["seq"] == 1
        with pytest.raises(REFUSED):
            with client.websocket_connect("/", headers={"Origin": "https://a.other"}) as ws:
                ws.receive_text()


# ----------------------------------------------------------------------------- HTTP transport
@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_http_transport_round_trip(keyword: str) -> None:
    with TestClient(asgi_app(APPS, **{keyword: "http"})) as client:
        page = client.get("/?app=echo_async").text
        assert '"transport":"http"' in page
        opened = client.post("/?app=echo_async&_webio=http", json={}).json()
        browser = FakeBrowser()
        for frame in opened["frames"]:
            browser.feed(json.dumps(frame))
        hello = browser.take(is_script("hello"))
        assert hello is not None and hello["spec"]["args"]["request_type"] == "Request"
        ask = browser.take(is_script("next()"))
        assert ask is not None
        event = json.loads(browser.event("js_yield", ask["task_id"], 42))
        reply = client.post("/?app=echo_async&_webio=http", headers={"Webio-Session-Id": opened["session_id"]},
                            json={"ack": browser.applied, "events": [event]}).json()
        for frame in reply["frames"]:
            browser.feed(json.dumps(frame))
        assert browser.take(is_script("echo"))["spec"]["args"] == {"value": 42, "count": 1}


def test_http_transport_refuses_cross_site_posts() -> None:
    with TestClient(asgi_app(APPS, transport="http")) as client:
        refused = client.post("/?_webio=http", json={}, headers={"Origin": "http://evil.example"})
        assert refused.status_code == 403


def test_webio_routes_take_the_transport_keyword() -> None:
    for keyword in ("transport", "protocol"):
        with TestClient(Starlette(routes=[Mount("/x", routes=webio_routes(APPS, **{keyword: "http"}))])) as client:
            assert '"transport":"http"' in client.get("/x/?app=echo").text


def test_transport_and_protocol_that_disagree_are_refused() -> None:
    with TestClient(asgi_app(APPS, transport="http", protocol="http")) as client:
        assert '"transport":"http"' in client.get("/?app=echo").text
    for factory in (asgi_app, webio_routes, start_server):  # start_server refuses before serving
        with pytest.raises(TypeError, match="transport='http' and protocol='websocket' disagree: pass only transport="):
            factory(APPS, transport="http", protocol="websocket")


def test_an_unknown_transport_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="transport must be one of 'websocket', 'http', got 'ws'"):
        asgi_app(APPS, transport="ws")
    with pytest.raises(ValueError, match="protocol must be one of 'websocket', 'http', got 'polling'"):
        start_server(APPS, protocol="polling")


# ----------------------------------------------------------------------------- mounting
def _check_mounted(client: TestClient, prefix: str) -> None:
    page = client.get(prefix + "/", params={"app": "echo"})
    assert page.status_code == 200 and "webio-config" in page.text
    bare = client.get(prefix, follow_redirects=False)
    assert bare.status_code in (200, 307) and (bare.status_code == 200 or bare.headers["location"].endswith(prefix + "/"))
    script = re.search(r'<script src="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    assert client.get(prefix + "/" + script).status_code == 200
    browser = FakeBrowser()
    with client.websocket_connect(prefix + "/?app=echo") as ws:
        assert answer(ws, browser, "mounted")["spec"]["args"] == {"value": "mounted", "count": 1}


def test_mounted_in_starlette() -> None:
    app = Starlette(routes=[Mount("/tools/x", app=asgi_app(APPS))])
    with TestClient(app) as client:
        _check_mounted(client, "/tools/x")


def test_routes_mounted_in_starlette() -> None:
    app = Starlette(routes=[Mount("/tools/x", routes=webio_routes(APPS))])
    with TestClient(app) as client:
        _check_mounted(client, "/tools/x")


def test_mounted_in_fastapi() -> None:
    fastapi = pytest.importorskip("fastapi")
    app = fastapi.FastAPI()

    @app.get("/api/ping")
    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    app.mount("/tools/x", asgi_app(APPS))
    with TestClient(app) as client:
        _check_mounted(client, "/tools/x")
        assert client.get("/api/ping").json() == {"pong": "yes"}


def test_static_dir_is_served(tmp_path: Any) -> None:
    (tmp_path / "logo.txt").write_text("logo")
    with TestClient(asgi_app(APPS, static_dir=str(tmp_path))) as client:
        assert client.get("/static/logo.txt").text == "logo"


def test_importing_without_starlette_says_what_to_install() -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['starlette'] = None\n"
            "try:\n    import webio.starlette\nexcept ImportError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30).stdout
    assert "pip install webio[starlette]" in out


def test_behind_a_proxy_with_root_path() -> None:
    """uvicorn --root-path /proxy (the proxy strips /proxy, uvicorn puts it back into the ASGI path):
    the page and its socket need no setting, since every URL the page uses is relative."""
    app = Starlette(routes=[Mount("/tools/x", app=asgi_app(APPS))])
    with TestClient(app, root_path="/proxy") as client:
        page = client.get("/proxy/tools/x/?app=echo", headers={"X-Forwarded-Proto": "https",
                                                          "X-Forwarded-Prefix": "/proxy"})
        assert page.status_code == 200
        assert all(url.startswith(("?", "data:")) for url in re.findall(r'(?:src|href)="([^"]+)"', page.text))
        browser = FakeBrowser()
        with client.websocket_connect("/proxy/tools/x/?app=echo") as ws:
            assert answer(ws, browser, "proxied")["spec"]["args"] == {"value": "proxied", "count": 1}


def finishes() -> None:
    run_js("bye")


def test_the_socket_closes_when_the_app_finishes() -> None:
    with TestClient(asgi_app(finishes)) as client:
        browser = FakeBrowser()
        with client.websocket_connect("/") as ws:
            next_command(ws, browser, is_script("bye"))
            with pytest.raises(WebSocketDisconnect):
                while True:
                    browser.feed(ws.receive_text())


def test_platform_aliases_are_the_same_module() -> None:
    import webio.platform.fastapi
    import webio.platform.starlette
    import webio.starlette

    assert webio.platform.fastapi is webio.starlette and webio.platform.starlette is webio.starlette


def test_health_and_readiness_probes_need_no_plugin_code(client: TestClient) -> None:
    health = client.get("/?_webio=health")
    assert health.status_code == 200 and health.json() == {"status": "ok", "sessions": 0, "draining": False}
    ready = client.get("/?_webio=ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "sessions": 0}
