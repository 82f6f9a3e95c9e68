"""webio.aiohttp on aiohttp's own server (``python -m aiohttp.web`` and ``start_server``), driven
over the network by a ``websockets`` client."""
from __future__ import annotations

import json
import signal
import time
import urllib.request

import pytest

pytest.importorskip("websockets", reason="real-server tests need websockets: pip install webio[test]")

from network_wire import round_trip_and_resume, websocket_url  # noqa: E402
from servers import SERVERS, check_serves_http_transport, running, start_server_http, started  # noqa: E402


pytestmark = pytest.mark.timeout(90)


@pytest.mark.parametrize("server", ["aiohttp", "aiohttp-start_server"])
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_round_trip_and_resume_over_the_network(server: str, app: str) -> None:
    with running(SERVERS[server], "websocket") as url:
        with urllib.request.urlopen(url) as page:
            assert page.status == 200 and b"?_webio_static=" in page.read()
        hello = round_trip_and_resume(url, app)
        assert hello["spec"]["args"]["backend"] == "aiohttp"
        assert hello["spec"]["args"]["request_type"] == "Request"


@pytest.mark.parametrize("server", ["aiohttp", "aiohttp-start_server"])
def test_sigterm_closes_open_sessions_and_stops_at_once(server: str) -> None:
    from websockets.sync.client import connect

    with started(SERVERS[server], "websocket") as (url, process):
        with connect(websocket_url(url, "app=echo")) as ws:
            ws.recv(timeout=10)
            begun = time.monotonic()
            process.send_signal(signal.SIGTERM)
            goodbye = json.loads(ws.recv(timeout=10))
            assert [cmd["command"] for cmd in goodbye["commands"]] == ["close_session"]
            process.wait(timeout=10)
            assert time.monotonic() - begun < 5



@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_start_server_serves_the_http_transport(keyword: str) -> None:
    spec = start_server_http("aiohttp-start_server-http", "aiohttp", ("aiohttp",), "webio.aiohttp", keyword)
    check_serves_http_transport(spec, "aiohttp.web_request.Request")
