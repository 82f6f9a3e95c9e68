"""webio.django on real servers (gunicorn WSGI, daphne and uvicorn ASGI, start_server), over the network."""
from __future__ import annotations

import sys
from typing import Any

import pytest

requests = pytest.importorskip("requests")
websockets_client = pytest.importorskip("websockets.sync.client")

from websockets.exceptions import InvalidStatus  # noqa: E402

from tests.conformance.wire import FakeBrowser, is_script  # noqa: E402
from tests.flask.http_tab import HttpTab, echo_round_trip  # noqa: E402
from tests.flask.real_server import free_port, running  # noqa: E402
from webio.testing import connect  # noqa: E402

pytestmark = pytest.mark.timeout(120)
ENV = {"DJANGO_SETTINGS_MODULE": "tests.django.settings"}


def network_tab(http: Any, url: str) -> HttpTab:
    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = http.post(url, data=body, headers=headers, timeout=30)
        return response.status_code, response.content

    return HttpTab(post, url)


def check_http_transport(base: str, path: str) -> None:
    with requests.Session() as http:
        page = http.get(base + path, timeout=10)
        assert page.status_code == 200 and '"transport":"http"' in page.text
        assert http.get(base + path + "?_webio_static=webio.js", timeout=10).status_code == 200
        for name in ("echo", "echo_async"):
            assert echo_round_trip(network_tab(http, f"{base}{path}?app={name}"))["backend"] == "django"
    greeter = connect(base + path, transport="http", app="greet")
    greeter.submit("Ada")
    assert greeter.text == "Hello, Ada from django"
    greeter.close()


def check_websocket_transport(base: str, path: str) -> None:
    page = requests.get(base + path, timeout=10)
    assert page.status_code == 200 and '"transport":"websocket"' in page.text
    assert requests.get(base + path + "?_webio_static=webio.css", timeout=10).status_code == 200
    greeter = connect(base + path, transport="websocket", app="greet")
    greeter.submit("Ada")
    assert greeter.text == "Hello, Ada from django"
    greeter.close()
    ws_url = base.replace("http://", "ws://") + path
    for app in ("echo", "echo_async"):
        assert echo_over_websocket(f"{ws_url}?app={app}", origin=base)["request_type"] == "ASGIRequest"
    with pytest.raises(InvalidStatus) as refused:
        websockets_client.connect(ws_url + "?app=echo", origin="https://evil.example", open_timeout=10)
    assert refused.value.response.status_code == 403


def echo_over_websocket(url: str, origin: str) -> dict[str, Any]:
    """An echo round trip with a plain WebSocket client speaking the wire protocol."""
    browser = FakeBrowser()
    with websockets_client.connect(url, origin=origin, open_timeout=10) as socket:
        def script(code: str) -> dict[str, Any]:
            while True:
                found = browser.take(is_script(code))
                if found is not None:
                    return found
                browser.feed(socket.recv(timeout=10))

        hello = script("hello")["spec"]["args"]
        socket.send(browser.event("js_yield", script("next()")["task_id"], "over the wire"))
        assert script("echo")["spec"]["args"] == {"value": "over the wire", "count": 1}
    return hello  # type: ignore[no-any-return]


def test_gunicorn_serves_the_project_over_the_http_transport() -> None:
    port = free_port()
    args = ["gunicorn", "-w", "1", "--threads", "8", "-b", f"127.0.0.1:{port}", "tests.django.wsgi:application"]
    with running(args, port, ENV) as base:
        assert requests.get(base + "/", timeout=10).text == "the rest of the project"
        check_http_transport(base, "/tools/x/")


@pytest.mark.parametrize("server", ["daphne", "uvicorn"])
def test_asgi_server_serves_the_project_over_websocket_and_http(server: str) -> None:
    port = free_port()
    args = {"daphne": ["daphne", "-b", "127.0.0.1", "-p", str(port), "tests.django.asgi:application"],
            "uvicorn": ["uvicorn", "--host", "127.0.0.1", "--port", str(port), "tests.django.asgi:application"]}
    with running(args[server], port, ENV) as base:
        check_websocket_transport(base, "/ws/")
        check_http_transport(base, "/tool/")  # the plain view works under ASGI too


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_start_server(transport: str) -> None:
    port = free_port()
    code = ("from tests.django.webio_apps import APPS\nfrom webio.django import start_server\n"
            f"start_server(APPS, port={port}, host='127.0.0.1', transport={transport!r})")
    env = {"DJANGO_SETTINGS_MODULE": ""}  # a process of its own: start_server configures Django
    with running([sys.executable, "-c", code], port, env) as base:
        if transport == "websocket":
            check_websocket_transport(base, "/")
        else:
            check_http_transport(base, "/")
