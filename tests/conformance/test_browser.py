"""The conformance scenarios a user plays in a real headless Chromium, over the same matrix.

Every server of ``servers.SERVERS`` × transport × session kind (the ``server`` and ``kind``
fixtures of conftest.py), plus each one mounted under ``/tools/x/`` behind the reverse proxy of
proxy.py. The page may talk to 127.0.0.1 only: every other request or WebSocket is aborted and
recorded, and each test checks that none was attempted.
"""
from __future__ import annotations

import hashlib
import json
import re
import urllib.request
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
from matrix import SESSION_KINDS, Server
from servers import PROXY_PREFIX, proxied

pytest.importorskip("playwright.sync_api")

from tests.client.chromium import chromium_for_tests  # noqa: E402

pytestmark = pytest.mark.timeout(120)
TIMEOUT_MS = 15_000


def _local(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium (the shared launcher of the browser suites)."""
    with chromium_for_tests() as browser:
        yield browser


class Tab:
    """The one page of a server's browser context (tests navigate it to their app, as a user
    reuses a tab). Whatever leaves 127.0.0.1 is aborted and recorded in ``outside``; ``requests``,
    ``sockets`` and ``errors`` are what the current test's page requested and the errors it hit."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(locale="en-US")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.sockets: list[str] = []
        self.context.route(lambda url: not _local(url), self._abort)
        self.context.route_web_socket(lambda url: not _local(url), self._refuse_socket)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda socket: self.sockets.append(socket.url))

    def _abort(self, route: Any) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def _refuse_socket(self, socket: Any) -> None:
        self.outside.append(socket.url)
        socket.close()

    def reset(self) -> None:
        for seen in (self.outside, self.errors, self.requests, self.sockets):
            seen.clear()


@pytest.fixture(scope="module")
def server_tab(chromium: Any, server: Server) -> Iterator[Tab]:
    opened = Tab(chromium)
    yield opened
    opened.context.close()


@pytest.fixture()
def tab(server_tab: Tab) -> Iterator[Tab]:
    server_tab.reset()
    yield server_tab
    assert not server_tab.outside, f"the page tried to leave the server: {server_tab.outside}"
    assert not server_tab.errors, server_tab.errors


def goto(tab: Tab, server_url: str, app: str, kind: str) -> Any:
    tab.page.goto(f"{server_url}?app={app}{SESSION_KINDS[kind]}")
    return tab.page


def form(page: Any) -> Any:
    return page.locator("#webio-input-container")


# --------------------------------------------------------------------------- scenarios
def test_page_loads_and_shows_first_output(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "home", kind)
    page.get_by_role("heading", name="Conformance").wait_for()
    page.get_by_text("first output").wait_for()
    form(page).get_by_label("Your name").wait_for()
    assert page.evaluate("() => window.webio.config.transport") == server.transport
    assert any("_webio_static=webio.js" in url for url in tab.requests)


def test_fill_and_submit_a_form(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "home", kind)
    form(page).get_by_label("Your name").fill("Ada <3>")
    form(page).get_by_role("button", name="Submit").click()
    page.get_by_text("Hello, Ada <3>").wait_for()
    form(page).get_by_label("Your name").wait_for(state="hidden")


def test_validation_message_is_visible(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "home", kind)
    form(page).get_by_label("Your name").fill("A")
    form(page).get_by_role("button", name="Submit").click()
    form(page).get_by_text("too short").wait_for()
    assert not page.get_by_text("Hello, A").is_visible()
    form(page).get_by_label("Your name").fill("Al")
    form(page).get_by_role("button", name="Submit").click()
    page.get_by_text("Hello, Al").wait_for()


def test_button_callback_output(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "callbacks", kind)
    page.get_by_role("button", name="+1", exact=True).click()
    page.locator("#webio-scope-count").get_by_text("count 1", exact=True).wait_for()
    page.get_by_role("button", name="+10", exact=True).click()
    page.locator("#webio-scope-count").get_by_text("count 11", exact=True).wait_for()


def test_popup_opens_and_closes(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "popups", kind)
    page.get_by_role("button", name="Open popup").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("inside the popup").wait_for()
    dialog.get_by_role("button", name="Close it").click()
    dialog.wait_for(state="hidden")


def test_pin_values_are_read_by_the_app(server: Server, kind: str, tab: Tab) -> None:
    page = goto(tab, server.url, "pins", kind)
    name = page.get_by_label("Name")
    page.wait_for_function("() => document.querySelector('#webio-scope-ROOT') && "
                           "[...document.querySelectorAll('input')].some(i => i.value === 'written by the app')")
    name.fill("typed in the browser")
    page.get_by_label("Color").select_option(label="red")
    page.get_by_role("button", name="Read pins").click()
    page.get_by_text("read name='typed in the browser' color='r'").wait_for()


def test_connection_loss_and_reload(server: Server, kind: str, tab: Tab) -> None:
    """The connection drops (WebSocket closed, or the network gone for the HTTP poller): a click
    made meanwhile is delivered once the tab is back, exactly once. A reload starts a new session."""
    page = goto(tab, server.url, "callbacks", kind)
    page.get_by_role("button", name="+1", exact=True).click()
    count = page.locator("#webio-scope-count")
    count.get_by_text("count 1", exact=True).wait_for()
    first_session = page.evaluate("() => window.webio.session.sessionId")
    assert first_session
    if server.transport == "websocket":
        page.evaluate("() => window.webio.session.transport.ws.close()")
        page.get_by_role("button", name="+10", exact=True).click()
    else:
        tab.context.set_offline(True)
        try:
            page.get_by_role("button", name="+10", exact=True).click()
            page.wait_for_timeout(500)
        finally:
            tab.context.set_offline(False)
    count.get_by_text("count 11", exact=True).wait_for()
    page.get_by_role("button", name="+1", exact=True).click()
    count.get_by_text("count 12", exact=True).wait_for()
    assert page.evaluate("() => window.webio.session.sessionId") == first_session
    assert not page.get_by_text("The session has ended").is_visible()
    page.reload()
    page.get_by_role("button", name="+1", exact=True).click()
    count.get_by_text("count 1", exact=True).wait_for()
    assert page.evaluate("() => window.webio.session.sessionId") != first_session


def test_file_upload(server: Server, kind: str, tab: Tab, tmp_path: Path) -> None:
    content = b"hello from the browser\n"
    upload = tmp_path / "hello.txt"
    upload.write_bytes(content)
    page = goto(tab, server.url, "upload", kind)
    form(page).get_by_label("A file").set_input_files(str(upload))
    form(page).get_by_role("button", name="Submit").click()
    digest = hashlib.sha256(content).hexdigest()[:12]
    page.get_by_text(f"file hello.txt {len(content)} bytes sha {digest}").wait_for()


# --------------------------------------------------------------------------- behind a proxy
@pytest.fixture(scope="module")
def proxy(server: Server) -> Iterator[str]:
    """The proxied URL of ``server``'s apps, mounted at ``/tools/x/`` (the prefix stripped or kept)."""
    with proxied(server.url, server.spec.proxy_mode) as url:
        yield url


def _proxy_log(proxy_url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(proxy_url.split(PROXY_PREFIX)[0] + "/_proxy/log", timeout=10) as answer:
        entries: list[dict[str, Any]] = json.loads(answer.read())
    return entries


def test_works_under_a_prefix_behind_a_reverse_proxy(server: Server, kind: str, tab: Tab, proxy: str) -> None:
    """Page, assets and the transport all reach the app through the proxy, under the prefix."""
    earlier = len(_proxy_log(proxy))
    page = goto(tab, proxy, "home", kind)
    page.get_by_role("heading", name="Conformance").wait_for()
    form(page).get_by_label("Your name").fill("Proxied")
    form(page).get_by_role("button", name="Submit").click()
    page.get_by_text("Hello, Proxied").wait_for()

    port = urlsplit(proxy).port
    seen = tab.requests + tab.sockets
    assert all(urlsplit(url).port == port and urlsplit(url).path.startswith(PROXY_PREFIX + "/") for url in seen), seen
    assert any("_webio_static=webio.js" in url for url in seen)
    assert any(re.search(r"_webio_static=[\w/]*\.css", url) for url in seen)
    if server.transport == "websocket":
        assert any(url.startswith(f"ws://127.0.0.1:{port}{PROXY_PREFIX}/?") for url in tab.sockets), tab.sockets
    else:
        assert any("_webio=http" in url for url in tab.requests)

    forwarded = _proxy_log(proxy)[earlier:]
    kept = "" if server.spec.proxy_mode == "strip" else PROXY_PREFIX
    assert forwarded and all(e["upstream_path"] == kept + e["path"][len(PROXY_PREFIX):] for e in forwarded), forwarded
    assert all(e["status"] in (101, 200, None) for e in forwarded), forwarded  # None: a poll still waiting
    transport = [e for e in forwarded if e["websocket"] or "_webio=http" in e["path"]]
    assert transport and all(e["websocket"] == (server.transport == "websocket") for e in transport), forwarded
