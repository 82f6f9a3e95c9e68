"""webio.starlette under a real uvicorn process (Starlette alone, FastAPI with a mount, and
``start_server``), driven over the network by a ``websockets`` client."""
from __future__ import annotations

import signal
import time
import urllib.request

import pytest

pytest.importorskip("uvicorn", reason="real-server tests need uvicorn: pip install webio[starlette]")
pytest.importorskip("websockets", reason="real-server tests need websockets: pip install webio[test]")

from network_wire import round_trip_and_resume, websocket_url  # noqa: E402
from servers import SERVERS, check_serves_http_transport, running, start_server_http, started  # noqa: E402


pytestmark = pytest.mark.timeout(90)


@pytest.mark.parametrize("server", ["starlette-uvicorn", "fastapi-uvicorn", "starlette-start_server"])
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_round_trip_and_resume_over_the_network(server: str, app: str) -> None:
    spec = SERVERS[server]
    if spec.missing():
        pytest.skip(f"{server} needs {spec.missing()}")
    with running(spec, "websocket") as url:
        with urllib.request.urlopen(url) as page:
            assert page.status == 200 and b"?_webio_static=" in page.read()
        hello = round_trip_and_resume(url, app)
        assert hello["spec"]["args"]["backend"] == "starlette"
        assert hello["spec"]["args"]["request_type"] == "WebSocket"


def test_fastapi_mount_without_trailing_slash_redirects_to_the_app() -> None:
    spec = SERVERS["fastapi-uvicorn"]
    if spec.missing():
        pytest.skip(f"fastapi-uvicorn needs {spec.missing()}")
    with running(spec, "websocket") as url:
        with urllib.request.urlopen(url.rstrip("/")) as page:  # follows Starlette's redirect
            assert page.geturl() == url and b"webio-config" in page.read()


@pytest.mark.parametrize("server", ["starlette-uvicorn", "starlette-start_server"])
def test_sigterm_stops_at_once_with_open_sessions(server: str) -> None:
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    spec = SERVERS[server]
    if spec.missing():
        pytest.skip(f"{server} needs {spec.missing()}")
    with started(spec, "websocket") as (url, process):
        with connect(websocket_url(url, "app=echo")) as ws, connect(websocket_url(url, "app=echo_async")) as ws2:
            ws.recv(timeout=10)
            ws2.recv(timeout=10)
            begun = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
            assert time.monotonic() - begun < 5
            with pytest.raises(ConnectionClosed):  # uvicorn closes sockets (1012) before lifespan shutdown
                while True:
                    ws.recv(timeout=5)



@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_start_server_serves_the_http_transport(keyword: str) -> None:
    spec = start_server_http("starlette-start_server-http", "starlette", ("starlette", "uvicorn"), "webio.starlette", keyword)
    check_serves_http_transport(spec, "starlette.requests.Request")
