"""The network client against a real Tornado server, over WebSocket and over HTTP."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from webio.output import put_buttons, put_text
from webio.session import eval_js, get_current_session
from webio.testing import connect
from webio.tornado import WebioServer, build_application, http_webio_handler, webio_handler

from .apps import NAME_FORM, form_flow

pytest.importorskip("websockets")


def app() -> None:
    session = get_current_session()
    put_text("Welcome")
    data = session.run_flow(form_flow(session, NAME_FORM))
    put_text(f"Hello {data['name']}, color {data['color']}")
    put_text("url", eval_js("location.href"))
    put_buttons(["One", "Two"], onclick=lambda value: put_text("clicked", value))


async def async_app() -> None:
    session = get_current_session()
    put_text("Welcome")
    data = await session.run_flow(form_flow(session, NAME_FORM))
    put_text(f"Hello {data['name']}, color {data['color']}")
    put_text("url", await eval_js("location.href"))
    put_buttons(["One", "Two"], onclick=lambda value: put_text("clicked", value))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    handlers = {"ws": webio_handler({"index": app, "async": async_app}, reconnect_timeout=5),
                "http": http_webio_handler({"index": app, "async": async_app})}
    served = WebioServer(lambda: build_application([(r"/", handlers["ws"]), (r"/http", handlers["http"])]),
                         lambda: [h.endpoint for h in handlers.values()], host="127.0.0.1").start_in_thread()
    yield f"http://127.0.0.1:{served.port}/"
    served.request_stop()


@pytest.mark.parametrize("transport", ["websocket", "http"])
@pytest.mark.parametrize("app_name", ["index", "async"])
def test_same_scenario_over_the_network(server: str, transport: str, app_name: str) -> None:
    url = server if transport == "websocket" else server + "http"
    client = connect(url, transport, app=app_name, js={"location.href": "http://page/"})
    assert client.text == "Welcome\nWho are you\nName\nColor"
    client.submit({"name": "Ada", "color": "blue"})
    assert "Hello Ada, color 1\nurl http://page/\nOne Two" in client.text
    client.click("Two")
    assert client.text.endswith("clicked Two")
    client.close()


def test_websocket_reconnect_resumes_the_session(server: str) -> None:
    client = connect(server)
    session_id = client.session_id
    client.submit({"name": "Bo"})
    client.reconnect()
    client.click("One")
    assert client.session_id == session_id
    assert client.text.count("Hello Bo") == 1 and client.text.endswith("clicked One")
    client.close()


def test_pytest_fixture_connects_too(server: str, webio_client: Any) -> None:
    client = webio_client.connect(server + "http", "http")
    assert client.form is not None and client.form.labels == ["Name", "Color"]
