"""webio.aiohttp through aiohttp's own TestServer/TestClient, each scenario in ``asyncio.run``."""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
from typing import Any, AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer
from scenario_apps import APPS
from wire import FakeBrowser, is_script

from webio.aiohttp import start_server, static_routes, webio_handler
from webio.session import info, run_js

pytestmark = pytest.mark.timeout(30)
Command = dict[str, Any]


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def app_with(handler: Any, path: str = "/") -> web.Application:
    app = web.Application()
    app.add_routes([web.get(path, handler), web.post(path, handler)])
    return app


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def next_command(ws: Any, browser: FakeBrowser, predicate: Callable[[Command], bool]) -> Command:
    while True:
        found = browser.take(predicate)
        if found is not None:
            return found
        message = await ws.receive(timeout=10)
        assert message.type == WSMsgType.TEXT, message
        browser.feed(message.data)


async def answer(ws: Any, browser: FakeBrowser, value: Any) -> Command:
    ask = await next_command(ws, browser, is_script("next()"))
    await ws.send_str(browser.event("js_yield", ask["task_id"], value))
    return await next_command(ws, browser, is_script("echo"))


# ----------------------------------------------------------------------------- page and assets
def test_page_and_assets_at_the_route_url() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS), "/tool")) as client:
            page = await client.get("/tool?app=echo")
            text = await page.text()
            assert page.status == 200 and page.content_type == "text/html"
            assets = [u for u in re.findall(r'(?:src|href)="([^"]+)"', text) if "_webio_static=" in u]
            assert assets and all(url.startswith("?_webio_static=") for url in assets)
            asset = await client.get("/tool" + assets[-1].replace("&amp;", "&"))
            assert asset.status == 200 and len(await asset.read()) > 1000
            assert (await client.get("/tool?_webio_static=../../setup.cfg")).status == 404
    run(scenario)


def test_static_routes_serve_the_client_files_at_a_fixed_path() -> None:
    async def scenario() -> None:
        app = app_with(webio_handler(APPS, cdn="/webio-assets/"), "/tool")
        app.add_routes(static_routes("/webio-assets/"))
        async with serving(app) as client:
            text = await (await client.get("/tool")).text()
            assert 'src="/webio-assets/webio.js' in text
            assert (await client.get("/webio-assets/webio.js")).status == 200
    run(scenario)


# ----------------------------------------------------------------------------- websocket
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_round_trip_with_seq_and_ack(app: str) -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS))) as client:
            browser = FakeBrowser()
            async with client.ws_connect(f"/?app={app}") as ws:
                hello = await next_command(ws, browser, is_script("hello"))
                assert browser.frames[0]["seq"] == 1 and browser.session_id
                assert hello["spec"]["args"]["backend"] == "aiohttp"
                assert hello["spec"]["args"]["request_type"] == "Request"
                assert hello["spec"]["args"]["request_module"].startswith("aiohttp")
                assert (await answer(ws, browser, "a"))["spec"]["args"] == {"value": "a", "count": 1}
                assert browser.acked_by_server == 1
                assert (await answer(ws, browser, {"k": 1}))["spec"]["args"] == {"value": {"k": 1}, "count": 2}
    run(scenario)


def test_reconnect_resumes_the_session_with_replay_and_no_duplicates() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, reconnect_timeout=5))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/?app=echo_async") as ws:
                await answer(ws, browser, "before")
                ask = await next_command(ws, browser, is_script("next()"))
                event = browser.event("js_yield", ask["task_id"], "lost?")
                await ws.send_str(event)
                await ws.receive(timeout=10)  # the echo frame, lost before the tab applies it
            session_id, seen = browser.session_id, browser.applied
            async with client.ws_connect(f"/?app=echo_async&{browser.resume_query()}") as ws:
                await ws.send_str(event)
                echo = await next_command(ws, browser, is_script("echo"))
                assert echo["spec"]["args"] == {"value": "lost?", "count": 2}
                assert browser.frames[-1]["seq"] == seen + 1 and browser.duplicates == 0
                assert (await answer(ws, browser, "after"))["spec"]["args"] == {"value": "after", "count": 3}
                assert browser.session_id == session_id
    run(scenario)


def test_after_reconnect_timeout_the_session_is_gone() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, reconnect_timeout=0.2))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/?app=echo") as ws:
                await next_command(ws, browser, is_script("next()"))
            await asyncio.sleep(0.5)
            async with client.ws_connect(f"/?app=echo&{browser.resume_query()}") as ws:
                gone = json.loads((await ws.receive(timeout=10)).data)
                assert [cmd["command"] for cmd in gone["commands"]] == ["close_session"]
                assert (await ws.receive(timeout=10)).type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    run(scenario)


def test_malformed_frames_are_dropped_and_the_session_goes_on() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, max_payload_size="1K"))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/?app=echo") as ws:
                ask = await next_command(ws, browser, is_script("next()"))
                for bad in ("not json", "[]", '{"event": "nope", "task_id": "t"}', '{"seq": "x", "ack": 1}'):
                    await ws.send_str(bad)
                await ws.send_bytes(b"\xff")
                await ws.send_str(browser.event("js_yield", ask["task_id"], "ok"))
                echo = await next_command(ws, browser, is_script("echo"))
                assert echo["spec"]["args"] == {"value": "ok", "count": 1}
            too_big = await client.post("/?_webio=http", data=b"{}" + b" " * 2000)
            assert too_big.status == 413
    run(scenario)


def test_a_message_over_max_payload_size_is_dropped_with_a_toast_and_the_socket_stays(caplog: Any) -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, max_payload_size="1K"))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/?app=echo") as ws:
                ask = await next_command(ws, browser, is_script("next()"))
                await ws.send_str(browser.event("js_yield", ask["task_id"], "x" * 2000))
                toast = await next_command(ws, browser, lambda cmd: cmd["command"] == "toast")
                assert toast["spec"]["content"] == "That was too large to send (limit 1 KiB); nothing was submitted."
                await ws.send_str(browser.event("js_yield", ask["task_id"], "small"))
                echo = await next_command(ws, browser, is_script("echo"))
                assert echo["spec"]["args"] == {"value": "small", "count": 1}
            assert "larger than max_payload_size (1024 bytes)" in caplog.text
    run(scenario)


def test_a_message_over_the_slack_above_max_payload_size_is_cut_by_aiohttp() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, max_payload_size="1K"))) as client:
            async with client.ws_connect("/?app=echo") as ws:
                await ws.send_str("x" * (1024 + 1024 * 1024 + 1))
                while (message := await ws.receive(timeout=10)).type == WSMsgType.TEXT:
                    pass
                assert (message.type, message.data) == (WSMsgType.CLOSE, 1009)
    run(scenario)


def test_origin_refused_cross_site_and_allowed_by_wildcard() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS))) as client:
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect("/", headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
        async with serving(app_with(webio_handler(APPS, allowed_origins=["http://*.example"]))) as client:
            async with client.ws_connect("/", headers={"Origin": "http://app.example"}) as ws:
                assert json.loads((await ws.receive(timeout=10)).data)["seq"] == 1
    run(scenario)


@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_http_transport_round_trip(keyword: str) -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(APPS, **{keyword: "http"}))) as client:
            page = await (await client.get("/?app=echo")).text()
            assert '"transport":"http"' in page
            opened = await (await client.post("/?app=echo&_webio=http", json={})).json()
            browser = FakeBrowser()
            for frame in opened["frames"]:
                browser.feed(json.dumps(frame))
            assert browser.take(is_script("hello"))["spec"]["args"]["request_type"] == "Request"
            ask = browser.take(is_script("next()"))
            event = json.loads(browser.event("js_yield", ask["task_id"], "via http"))
            reply = await client.post("/?app=echo&_webio=http", json={"ack": browser.applied, "events": [event]},
                                      headers={"Webio-Session-Id": opened["session_id"]})
            for frame in (await reply.json())["frames"]:
                browser.feed(json.dumps(frame))
            assert browser.take(is_script("echo"))["spec"]["args"] == {"value": "via http", "count": 1}
    run(scenario)


def test_transport_and_protocol_that_disagree_are_refused() -> None:
    assert webio_handler(APPS, transport="http", protocol="http").endpoint.protocol == "http"
    for factory in (webio_handler, start_server):  # start_server refuses before serving
        with pytest.raises(TypeError, match="transport='http' and protocol='websocket' disagree: pass only transport="):
            factory(APPS, transport="http", protocol="websocket")


def test_an_unknown_transport_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="transport must be one of 'websocket', 'http', got 'ws'"):
        webio_handler(APPS, transport="ws")
    with pytest.raises(ValueError, match="protocol must be one of 'websocket', 'http', got 'polling'"):
        start_server(APPS, protocol="polling")


# ----------------------------------------------------------------------------- mounting, transport
def test_mounted_under_a_sub_path_and_in_a_sub_app() -> None:
    async def scenario() -> None:
        sub = app_with(webio_handler(APPS), "/x/")
        root = web.Application()
        root.add_subapp("/tools/", sub)
        async with serving(root) as client:
            assert (await client.get("/tools/x/")).status == 200
            browser = FakeBrowser()
            async with client.ws_connect("/tools/x/?app=echo") as ws:
                assert (await answer(ws, browser, "sub"))["spec"]["args"] == {"value": "sub", "count": 1}
    run(scenario)


def nodelay() -> None:
    sock = info.request.transport.get_extra_info("socket")
    run_js("nodelay", value=sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def test_websocket_connections_have_tcp_nodelay() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(nodelay))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/") as ws:
                assert (await next_command(ws, browser, is_script("nodelay")))["spec"]["args"]["value"] != 0
    run(scenario)


def finishes() -> None:
    run_js("bye")


def test_the_socket_closes_when_the_app_finishes() -> None:
    async def scenario() -> None:
        async with serving(app_with(webio_handler(finishes))) as client:
            browser = FakeBrowser()
            async with client.ws_connect("/") as ws:
                await next_command(ws, browser, is_script("bye"))
                while True:
                    message = await ws.receive(timeout=10)
                    if message.type != WSMsgType.TEXT:
                        break
                    browser.feed(message.data)
                assert message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    run(scenario)


def test_importing_without_aiohttp_says_what_to_install() -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['aiohttp'] = None\n"
            "try:\n    import webio.aiohttp\nexcept ImportError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30).stdout
    assert "pip install webio[aiohttp]" in out


def test_platform_alias_is_the_same_module() -> None:
    import webio.aiohttp
    import webio.platform.aiohttp

    assert webio.platform.aiohttp is webio.aiohttp
