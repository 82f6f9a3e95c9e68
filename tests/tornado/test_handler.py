"""webio.tornado.webio_handler over a real Tornado server and a real WebSocket client."""
from __future__ import annotations

import asyncio
import json
import re
import socket
from typing import Any, Iterator, NamedTuple

import pytest
import tornado.web
import tornado.websocket
from scenario_apps import APPS, echo

from tests.tornado.tabs import HttpTabOver, WsTab, echo as echo_value, http_get, start
from webio.tornado import WebioServer, build_application, http_webio_handler, start_server, webio_handler
from webio.tornado.directory import path_deploy


class Served(NamedTuple):
    url: str
    handler: Any
    server: WebioServer


@pytest.fixture
def served() -> Iterator[Any]:
    """``served(handler_or_routes)`` → ``Served``; servers stop after the test."""
    servers: list[WebioServer] = []

    def serve(target: Any, **settings: Any) -> Served:
        routes = target if isinstance(target, list) else [(r"/", target)]
        handlers = [r[1] for r in routes if getattr(r[1], "endpoint", None) is not None]
        server = start(routes, lambda: [h.endpoint for h in handlers], **settings)
        servers.append(server)
        return Served(f"http://127.0.0.1:{server.port}/", handlers[0] if handlers else None, server)

    yield serve
    for server in servers:
        server.request_stop()


def page_config(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="webio-config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries its settings in #webio-config"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


# ----------------------------------------------------------------- page and assets
def test_page_uses_only_relative_urls(served: Any) -> None:
    url, _, _ = served(webio_handler(echo))
    status, headers, body = http_get(url)
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert page_config(html)["transport"] == "websocket"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    local = [a for a in assets if not a.startswith("data:")]
    assert local and all(a.startswith("?_webio_static=") for a in local), local


def test_assets_are_served_with_long_cache_headers(served: Any) -> None:
    url, _, _ = served(webio_handler(echo))
    html = http_get(url)[2].decode()
    script = re.search(r'src="(\?_webio_static=webio\.js[^"]*)"', html)
    assert script, "the page loads webio.js from its own URL"
    status, headers, body = http_get(url + script.group(1).replace("&amp;", "&"))
    assert status == 200 and b"webio" in body
    assert headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    assert http_get(url + "?_webio_static=../setup.cfg")[0] == 404


def test_unknown_app_is_a_404_naming_the_apps(served: Any) -> None:
    url, _, _ = served(webio_handler(APPS))
    status, _, body = http_get(url + "?app=nope")
    assert status == 404 and b"echo_async" in body


# ----------------------------------------------------------------- WebSocket round trips
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_websocket_round_trip(served: Any, app: str) -> None:
    url, handler, _ = served(webio_handler(APPS))

    async def scenario() -> None:
        tab = await WsTab(url).connect(f"app={app}")
        hello = (await tab.script("hello"))["spec"]["args"]
        assert hello == {"backend": "tornado", "request_type": "HTTPServerRequest",
                         "request_module": "tornado.httputil"}
        assert await echo_value(tab, "one") == {"value": "one", "count": 1}
        assert await echo_value(tab, {"n": 2}) == {"value": {"n": 2}, "count": 2}
        tab.close()

    asyncio.run(scenario())
    assert _eventually(lambda: len(handler.endpoint.registry) == 0), "closing the tab closes the session"


def test_websocket_sets_tcp_nodelay(served: Any) -> None:
    url, handler, _ = served(webio_handler(echo))

    async def scenario() -> int:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        (bridge,) = handler.endpoint.websocket.bridges.values()
        sock = bridge.peer.handler.ws_connection.stream.socket
        nodelay: int = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        tab.close()
        return nodelay

    assert asyncio.run(scenario()) != 0


def test_malformed_messages_are_dropped_and_the_session_goes_on(served: Any) -> None:
    url, _, _ = served(webio_handler(echo))

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        for bad in ["not json", "[1, 2]", '{"event": "bogus", "task_id": "t1"}',
                    '{"event": "js_yield", "task_id": 5}', '{"seq": -1}']:
            await tab.send(bad)
        assert tab.ws is not None
        await tab.ws.write_message(b"\x00\x01", binary=True)
        assert await echo_value(tab, "still here") == {"value": "still here", "count": 1}
        tab.close()

    asyncio.run(scenario())


def test_reconnect_resumes_without_loss_or_duplicates(served: Any) -> None:
    url, handler, _ = served(webio_handler(echo, reconnect_timeout=5))

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        assert await echo_value(tab, "a") == {"value": "a", "count": 1}
        asked = await tab.script("next()")
        answer = tab.browser.event("js_yield", asked["task_id"], "b")
        await tab.send(answer)
        tab.close()  # the network drops before the app's reaction arrives
        await asyncio.sleep(0.3)
        assert len(handler.endpoint.registry) == 1, "the session waits reconnect_timeout for the tab"
        await tab.resume()  # replays every frame after the last one the tab applied
        assert (await tab.script("echo"))["spec"]["args"] == {"value": "b", "count": 2}
        await tab.send(answer)  # the tab never saw an ack, so it sends its event again: dropped
        assert await echo_value(tab, "c") == {"value": "c", "count": 3}
        assert tab.browser.duplicates == 0, "frames the tab applied are not sent again"
        tab.close()

    asyncio.run(scenario())


def test_resuming_a_gone_session_tells_the_tab(served: Any) -> None:
    url, _, _ = served(webio_handler(echo))

    async def scenario() -> None:
        tab = await WsTab(url).connect("session=nope&ack=0")
        assert await tab.closed()
        assert tab.browser.closed, "the tab is told its session is gone (close_session)"

    asyncio.run(scenario())


# ----------------------------------------------------------------- origin checks
def _upgrade_status(url: str, origin: str) -> int:
    async def attempt() -> int:
        try:
            tab = await WsTab(url).connect(headers={"Origin": origin})
        except tornado.websocket.WebSocketError as error:
            return getattr(error, "code", 0)
        except Exception as error:  # HTTPClientError
            return getattr(error, "code", 0)
        tab.close()
        return 101

    return asyncio.run(attempt())


def test_cross_origin_websocket_is_refused_by_default(served: Any) -> None:
    url, _, _ = served(webio_handler(echo))
    port = url.split(":")[2].rstrip("/")
    assert _upgrade_status(url, "http://evil.example") == 403
    assert _upgrade_status(url, f"http://127.0.0.1:{port}") == 101


def test_allowed_origins_accept_wildcards(served: Any) -> None:
    url, _, _ = served(webio_handler(echo, allowed_origins=["https://*.example.com"]))
    assert _upgrade_status(url, "https://app.example.com") == 101
    assert _upgrade_status(url, "https://example.org") == 403


def test_check_origin_replaces_the_list(served: Any) -> None:
    url, _, _ = served(webio_handler(echo, check_origin=lambda origin: origin.endswith(".internal")))
    assert _upgrade_status(url, "http://tool.internal") == 101
    assert _upgrade_status(url, "http://tool.example") == 403


# ----------------------------------------------------------------- limits
def test_websocket_message_over_max_payload_size_is_dropped_with_a_toast(served: Any, caplog: Any) -> None:
    url, _, _ = served(webio_handler(echo, max_payload_size="1K"))

    async def scenario() -> None:
        tab = await WsTab(url).connect(headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        asked = await tab.script("next()")
        await tab.answer(asked, "x" * 2048)
        toast = await tab.wait_for(lambda cmd: cmd["command"] == "toast")
        assert toast["spec"]["content"] == "内容太大，无法发送（上限 1 KiB）；没有提交任何内容。"
        assert toast["spec"]["color"] == "error"
        await tab.answer(asked, "small")
        assert (await tab.script("echo"))["spec"]["args"] == {"value": "small", "count": 1}
        tab.close()

    asyncio.run(scenario())
    assert "larger than max_payload_size (1024 bytes)" in caplog.text


def test_websocket_message_over_the_slack_above_max_payload_size_is_cut_by_tornado(served: Any) -> None:
    url, _, _ = served(webio_handler(echo, max_payload_size="1K"))

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("next()")
        await tab.send("x" * (1024 + 1024 * 1024 + 1))
        assert await tab.closed()
        assert tab.ws is not None and tab.ws.close_code == 1009

    asyncio.run(scenario())


# ----------------------------------------------------------------- HTTP transport
def test_http_transport_round_trip(served: Any) -> None:
    url, handler, _ = served(http_webio_handler({**APPS, "info": _report_transport}))
    assert page_config(http_get(url)[2].decode())["transport"] == "http"
    tab = HttpTabOver(url + "?app=echo")
    tab.open()
    assert tab.script("hello")["spec"]["args"]["backend"] == "tornado"
    for count, value in enumerate(["a", 2], start=1):
        tab.answer(tab.script("next()"), value)
        assert tab.script("echo")["spec"]["args"] == {"value": value, "count": count}
    assert handler.endpoint.protocol == "http"
    info = HttpTabOver(url + "?app=info")
    info.open()
    assert info.script("info")["spec"]["args"] == {"backend": "tornado", "protocol": "http"}


@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_transport_keyword_and_its_protocol_alias_choose_the_http_transport(served: Any, keyword: str) -> None:
    url, handler, _ = served(webio_handler(APPS, **{keyword: "http"}))
    assert page_config(http_get(url + "?app=echo")[2].decode())["transport"] == "http"
    tab = HttpTabOver(url + "?app=echo")
    tab.open()
    tab.answer(tab.script("next()"), "polled")
    assert tab.script("echo")["spec"]["args"] == {"value": "polled", "count": 1}


def test_transport_and_protocol_that_disagree_are_refused() -> None:
    assert webio_handler(echo, transport="http", protocol="http").endpoint.protocol == "http"
    with pytest.raises(TypeError, match=r"transport='http' and protocol='websocket' disagree: pass only transport="):
        webio_handler(echo, transport="http", protocol="websocket")
    with pytest.raises(TypeError, match="pass only transport="):  # refused before any server starts
        start_server(echo, transport="websocket", protocol="http")
    with pytest.raises(TypeError, match="pass only transport="):
        path_deploy("no-such-folder", transport="http", protocol="websocket")


def test_an_unknown_transport_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"transport must be one of 'websocket', 'http', got 'ws'"):
        webio_handler(echo, transport="ws")
    with pytest.raises(ValueError, match=r"protocol must be one of 'websocket', 'http', got 'polling'"):
        start_server(echo, protocol="polling")


def test_http_transport_refuses_big_bodies_and_other_origins(served: Any) -> None:
    url, _, _ = served(http_webio_handler(echo, max_payload_size="1K"))
    from tests.tornado.tabs import http_post

    status, _ = http_post(url + "?_webio=http", b'{"events": [], "pad": "' + b"x" * 2048 + b'"}',
                          {"Content-Type": "application/json"})
    assert status == 413
    status, _ = http_post(url + "?_webio=http", b"{}", {"Origin": "http://evil.example"})
    assert status == 403


# ----------------------------------------------------------------- mounting and apps
def test_mounted_under_a_sub_path(served: Any) -> None:
    class Home(tornado.web.RequestHandler):
        def get(self) -> None:
            self.write("home")

    handler = webio_handler(echo)
    url, _, _ = served([(r"/", Home), (r"/tool", handler)])
    assert http_get(url)[2] == b"home"
    html = http_get(url + "tool")[2].decode()
    assert "?_webio_static=" in html

    async def scenario() -> None:
        tab = await WsTab(url + "tool").connect()
        assert await echo_value(tab, 1) == {"value": 1, "count": 1}
        tab.close()

    asyncio.run(scenario())


def test_info_user_ip_honours_proxy_headers_only_with_xheaders(served: Any) -> None:
    plain, _, _ = served(webio_handler(_report_ip))
    proxied, _, _ = served(webio_handler(_report_ip), xheaders=True)

    async def user_ip(url: str) -> str:
        tab = await WsTab(url).connect(headers={"X-Real-Ip": "10.1.2.3"})
        ip = (await tab.script("ip"))["spec"]["args"]["ip"]
        tab.close()
        return ip  # type: ignore[no-any-return]

    assert asyncio.run(user_ip(plain)) == "127.0.0.1"
    assert asyncio.run(user_ip(proxied)) == "10.1.2.3"


def _report_transport() -> None:
    from webio.session import info, run_js

    run_js("info", backend=info.backend, protocol=info.protocol)


def _report_ip() -> None:
    from webio.session import info, run_js

    run_js("ip", ip=info.user_ip)


def test_shutdown_closes_open_sessions(served: Any) -> None:
    url, handler, server = served(webio_handler(echo))

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        server.request_stop()
        assert await tab.closed(timeout=5)
        assert tab.browser.closed, "the page is told the session closed"

    asyncio.run(scenario())
    assert _eventually(lambda: len(handler.endpoint.registry) == 0)


def _eventually(check: Any, timeout: float = 5) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return bool(check())


def test_several_apps_get_a_generated_index_and_app_picks_one(served: Any) -> None:
    from scenario_apps import echo_async

    url, _, _ = served(webio_handler([echo, echo_async]))

    async def scenario() -> None:
        index = await WsTab(url).connect()
        links = [await index.wait_for(lambda c: c["command"] == "output" and c["spec"]["type"] == "link")
                 for _ in range(2)]
        assert sorted(link["spec"]["app"] for link in links) == ["echo", "echo_async"]
        index.close()
        tab = await WsTab(url + "?app=echo_async").connect()
        assert await echo_value(tab, "x") == {"value": "x", "count": 1}
        tab.close()

    asyncio.run(scenario())
    assert http_get(url + "?app=echo")[0] == 200


def test_round_trips_do_not_wait_for_delayed_acks_or_poll_intervals(served: Any) -> None:
    """Answer → next command must take far less than a delayed ACK (40 ms) or a poll interval."""
    import statistics
    import time

    ws_url, _, _ = served(webio_handler(echo))
    http_url, _, _ = served(http_webio_handler(echo))

    async def websocket_times() -> list[float]:
        tab = await WsTab(ws_url).connect()
        await tab.script("hello")
        times = []
        for i in range(15):
            began = time.perf_counter()
            await echo_value(tab, i)
            times.append(time.perf_counter() - began)
        tab.close()
        return times

    http_tab = HttpTabOver(http_url)
    http_tab.open()
    http_times = []
    for i in range(15):
        began = time.perf_counter()
        http_tab.answer(http_tab.script("next()"), i)
        http_tab.script("echo")
        http_times.append(time.perf_counter() - began)
    assert statistics.median(asyncio.run(websocket_times())) < 0.02
    assert statistics.median(http_times) < 0.03


def test_static_dir_is_served_at_static(tmp_path: Any) -> None:
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "B.txt").write_text("bee")
    handler = webio_handler(echo)
    server = WebioServer(lambda: build_application([(r"/", handler)], static_dir=str(tmp_path)),
                         lambda: [handler.endpoint], host="127.0.0.1").start_in_thread()
    try:
        base = f"http://127.0.0.1:{server.port}/"
        assert http_get(base + "static/A/B.txt")[2] == b"bee"
        assert http_get(base + "static/A/missing.txt")[0] == 404
        assert http_get(base)[0] == 200
    finally:
        server.request_stop()


def test_closed_tabs_leave_no_sessions_or_threads_behind(served: Any) -> None:
    import threading

    url, handler, _ = served(webio_handler(APPS))

    async def open_and_close(app: str) -> None:
        tab = await WsTab(url).connect(f"app={app}")
        await echo_value(tab, 1)
        tab.close()

    asyncio.run(open_and_close("echo"))  # warm up (server threads, caches)
    assert _eventually(lambda: len(handler.endpoint.registry) == 0)
    baseline = threading.active_count()
    for _ in range(10):
        asyncio.run(open_and_close("echo"))
        asyncio.run(open_and_close("echo_async"))
    assert _eventually(lambda: len(handler.endpoint.registry) == 0)
    assert _eventually(lambda: threading.active_count() <= baseline), threading.enumerate()


def test_cross_origin_http_transport_preflight_follows_allowed_origins():
    """A page on another allowed origin can use the HTTP transport; others get no CORS grant."""
    import json
    import urllib.request

    from tornado.ioloop import IOLoop
    import threading
    import tornado.web
    from webio.tornado import http_webio_handler
    from webio.output import put_text

    def app():
        put_text("cross")

    ready = threading.Event()
    holder = {}

    def serve():
        import asyncio
        asyncio.set_event_loop(asyncio.new_event_loop())
        application = tornado.web.Application([(r"/tool", http_webio_handler(app, allowed_origins=["https://*.example.com"]))])
        server = application.listen(0, address="127.0.0.1")
        holder["port"] = list(server._sockets.values())[0].getsockname()[1]
        holder["loop"] = IOLoop.current()
        ready.set()
        IOLoop.current().start()

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(5)
    base = f"http://127.0.0.1:{holder['port']}/tool?app=index&_webio=http"
    try:
        def preflight(origin):
            request = urllib.request.Request(base, method="OPTIONS", headers={
                "Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,webio-session-id"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.status, dict(response.headers)
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers)

        status, headers = preflight("https://tools.example.com")
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "https://tools.example.com"
        assert "Webio-Session-Id" in headers["Access-Control-Allow-Headers"]
        status, headers = preflight("https://evil.test")
        assert status == 403 and "Access-Control-Allow-Origin" not in headers

        request = urllib.request.Request(base, data=b"{}", method="POST", headers={
            "Origin": "https://tools.example.com", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "https://tools.example.com"
            body = json.loads(response.read())
        texts = [c["spec"].get("content") for f in body["frames"] for c in f["commands"] if c["command"] == "output"]
        assert "cross" in texts
    finally:
        holder["loop"].add_callback(holder["loop"].stop)
