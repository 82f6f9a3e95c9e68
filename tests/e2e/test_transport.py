"""Transports and several apps in Chromium against the real server: WebSocket reconnect (a network
drop emulated through the DevTools protocol), the HTTP transport, apps as a dict and as a list."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from .apps_transport import RECONNECT_TIMEOUT
from .harness import AppServer, app_server
from .ui import closed_banner, panel, submit


@pytest.fixture(scope="module")
def ws_server() -> Iterator[AppServer]:
    with app_server("apps_transport", "websocket") as running:
        yield running


@pytest.fixture(scope="module")
def http_server() -> Iterator[AppServer]:
    with app_server("apps_transport", "http") as running:
        yield running


@pytest.fixture(scope="module")
def list_server() -> Iterator[AppServer]:
    with app_server("apps_list", "websocket") as running:
        yield running


class FlakyNetwork:
    """The page's WebSockets through a relay that the test can cut, as a dropped Wi-Fi would.

    (DevTools' offline emulation leaves open WebSockets alone, so it cannot drop one.) While the
    network is down, both ends of each open socket are closed and new connections fail at once.
    """

    def __init__(self, page: Any) -> None:
        self.online = True
        self.open: list[tuple[Any, Any]] = []
        self.connections = 0
        page.route_web_socket(re.compile(r".*"), self._connect)

    def _connect(self, ws: Any) -> None:
        self.connections += 1
        if not self.online:
            ws.close(code=1011, reason="network down")
            return
        self.open.append((ws, ws.connect_to_server()))

    def drop(self) -> None:
        self.online = False
        for page_end, server_end in self.open:
            server_end.close()
            page_end.close(code=1011, reason="network down")
        self.open.clear()

    def restore(self) -> None:
        self.online = True


def numbers(page: Any, scope: str, word: str) -> list[int]:
    text = page.locator(f"#webio-scope-{scope}").inner_text()
    return [int(n) for n in re.findall(rf"{word} (\d+)", text)]


def test_websocket_reconnect_loses_and_repeats_nothing(page: Any, ws_server: AppServer) -> None:
    network = FlakyNetwork(page)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(ws_server.app("tick"))
    page.get_by_text("tick 5", exact=True).wait_for()
    network.drop()
    page.get_by_text("Connection lost. Reconnecting…").wait_for()
    seen_while_offline = numbers(page, "ticks", "tick")
    page.get_by_role("button", name="ping").click()  # an event made while disconnected
    page.get_by_role("button", name="ping").click()
    page.wait_for_timeout(1000)  # the app goes on ticking meanwhile
    assert numbers(page, "ticks", "tick") == seen_while_offline
    assert network.connections >= 2  # the client kept trying
    network.restore()
    page.get_by_text("ticks done").wait_for(timeout=15_000)
    page.locator("#webio-scope-log").get_by_text("pong 2").wait_for()
    assert numbers(page, "ticks", "tick") == list(range(1, 61))
    assert numbers(page, "log", "pong") == [1, 2]
    assert len(sockets) >= 2 and "session=" in sockets[-1]
    assert page.evaluate("() => window.webio.session.state") == "open"
    assert not page.get_by_text("Connection lost").is_visible()
    page.get_by_role("button", name="ping").click()
    page.locator("#webio-scope-log").get_by_text("pong 3").wait_for()


def test_websocket_session_gone_after_the_reconnect_timeout(page: Any, ws_server: AppServer) -> None:
    network = FlakyNetwork(page)
    page.goto(ws_server.app("nav"))
    page.get_by_role("link", name="Open the ticker").wait_for()
    network.drop()
    page.get_by_text("Connection lost. Reconnecting…").wait_for()
    page.wait_for_timeout(RECONNECT_TIMEOUT * 1000 + 1000)
    network.restore()
    closed_banner(page).wait_for(timeout=15_000)


def test_dropped_socket_without_reconnect_timeout_shows_the_closed_state(page: Any, list_server: AppServer) -> None:
    page.goto(list_server.app("waiting"))
    panel(page).get_by_label("Anything").wait_for()
    page.evaluate("() => window.webio.session.transport.ws.close()")
    closed_banner(page).wait_for()
    assert panel(page).get_by_label("Anything").is_disabled()


def test_http_transport_form_callback_and_thread_output(page: Any, http_server: AppServer) -> None:
    sockets: list[str] = []
    posts: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(http_server.app("order"))
    form = panel(page)
    form.get_by_label("Item").fill("tea")
    form.get_by_label("Count").fill("3")
    form.get_by_label("Speed").select_option(label="express")
    submit(page)
    page.get_by_text("ordered 3 x tea (express)").wait_for()
    page.get_by_role("button", name="again").click()
    page.get_by_text("callback ran").wait_for()
    page.get_by_text("from a thread").wait_for()  # pushed to the page by the long poll
    panel(page).get_by_label("Your name").fill("Ann")
    submit(page)
    page.get_by_text("bye Ann").wait_for()
    page.get_by_role("button", name="again").click()  # callbacks outlive the main function
    page.wait_for_function("() => document.body.innerText.split('callback ran').length === 3")
    assert page.evaluate("() => window.webio.config.transport") == "http"
    assert sockets == []
    assert posts and all("_webio=http" in url and "app=order" in url for url in posts)


def test_http_transport_ticker_arrives_in_order(page: Any, http_server: AppServer) -> None:
    page.goto(http_server.app("tick"))
    page.get_by_role("button", name="ping").click()
    page.get_by_text("ticks done").wait_for(timeout=15_000)
    assert numbers(page, "ticks", "tick") == list(range(1, 61))
    assert numbers(page, "log", "pong") == [1]


def test_apps_as_a_dict_links_and_go_app(page: Any, ws_server: AppServer) -> None:
    page.goto(ws_server.url)  # no app named "index": a generated list of the apps
    links = page.get_by_role("link")
    links.first.wait_for()
    assert links.all_inner_texts() == ["Ticker", "Form and callback", "Navigation"]  # docstring titles
    assert page.get_by_text("Links and go_app to the other apps.").is_visible()
    page.get_by_role("link", name="Navigation").click()
    page.get_by_role("link", name="Open the ticker").click()
    page.get_by_text("tick 1", exact=True).wait_for()
    assert page.url.endswith("?app=tick")

    page.goto(ws_server.app("nav"))
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="go new window").click()
    other = new_tab.value
    panel(other).get_by_label("Item").wait_for()
    assert other.url.endswith("?app=order")
    other.close()
    page.get_by_role("button", name="go here").click()
    panel(page).get_by_label("Item").wait_for()
    assert page.url.endswith("?app=order")


def test_apps_as_a_list_and_an_unknown_app(page: Any, list_server: AppServer) -> None:
    page.goto(list_server.url)
    page.get_by_role("link", name="Say hello").wait_for()
    assert page.get_by_role("link").all_inner_texts() == ["Say hello", "waiting"]
    assert page.get_by_text("Asks for a name.").is_visible()
    page.get_by_role("link", name="Say hello").click()
    panel(page).get_by_label("Name for hello").fill("list")
    submit(page)
    page.get_by_text("hello list").wait_for()
    response = page.goto(list_server.app("nope"))
    assert response is not None and response.status == 404
    assert "hello" in page.locator("body").inner_text()  # names the apps there are


def test_two_tabs_get_two_sessions(page: Any, ws_server: AppServer) -> None:
    page.goto(ws_server.app("tick"))
    other = page.context.new_page()
    other.goto(ws_server.app("tick"))
    page.get_by_role("button", name="ping").click()
    page.locator("#webio-scope-log").get_by_text("pong 1").wait_for()
    time.sleep(0.3)
    assert other.locator("#webio-scope-log").inner_text() == ""
    assert page.evaluate("() => window.webio.session.sessionId")
    assert page.evaluate("() => window.webio.session.sessionId") != other.evaluate("() => window.webio.session.sessionId")
    other.close()


def test_http_an_event_the_server_refuses_400_is_dropped_and_the_session_goes_on(page: Any, http_server: AppServer) -> None:
    """An event breaking the protocol (here a task id over 64 characters, as a buggy or tampered
    client might send) gets 400 from the real server: the tab drops it with a console warning, the
    user sees nothing alarming and goes on."""
    console: list[str] = []
    posts: list[int] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("response", lambda r: posts.append(r.status) if r.request.method == "POST" else None)
    page.goto(http_server.app("order"))
    form = panel(page)
    form.get_by_label("Item").wait_for()
    page.evaluate("() => window.webio.session.send({event: 'input_event', task_id: 'x'.repeat(65), "
                  "data: {event_name: 'blur', name: 'item', value: ''}})")
    page.wait_for_function("() => window.webio.session.pendingEvents().length === 0")
    page.wait_for_timeout(2500)  # a failed request would have been resent after 1 s
    assert posts.count(400) == 1
    refused = [line for line in console if line.startswith("warning: webio: the server refused")]
    assert len(refused) == 1 and "input_event event (HTTP 400)" in refused[0] and "Bad request: " in refused[0]
    assert page.locator(".webio-toast").count() == 0
    assert not page.get_by_text("Connection lost").is_visible()
    form.get_by_label("Item").fill("tea")
    form.get_by_label("Count").fill("3")
    submit(page)
    page.get_by_text("ordered 3 x tea (normal)").wait_for()
