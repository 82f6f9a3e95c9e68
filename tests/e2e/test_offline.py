"""Nothing is fetched from elsewhere: every app page of this suite, loaded with every request that
does not go to the local server refused and recorded."""

from __future__ import annotations

import importlib
import re
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .harness import app_servers, running_process
from .test_script_mode import URL_LINE

MODULES = [("apps_outputs", "websocket"), ("apps_inputs", "websocket"), ("apps_session", "websocket"),
           ("apps_page", "websocket"), ("apps_transport", "websocket"), ("apps_transport", "http"),
           ("apps_list", "websocket"), ("apps", "websocket"), ("apps_datatable", "websocket")]
LOCAL_HOST = "127.0.0.1"
# Every URL not on the local server. (Matched inside Playwright, so local requests need no round
# trip through this process: routing "**/*" through a Python handler made this test twice as slow.
# Every request is recorded through the "request" event as well, and checked below.)
CANARY = "https://example.invalid/canary.js"
NOT_LOCAL = re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])")


def app_names(module: str) -> list[str]:
    apps = importlib.import_module(f"tests.e2e.{module}").APPS
    if isinstance(apps, dict):
        return list(apps)
    if isinstance(apps, (list, tuple)):
        return [app.__name__ for app in apps]
    return ["index"]


@pytest.fixture(scope="module")
def every_page(tmp_path_factory: Any) -> Iterator[list[str]]:
    """The URL of every app page of the suite (each server started once), the generated indexes and
    a script-mode page."""
    with ExitStack() as stack:
        urls: list[str] = []
        servers = stack.enter_context(app_servers(MODULES))
        for (module, _), server in zip(MODULES, servers):
            names = app_names(module)
            if "index" not in names:
                urls.append(server.url)
            urls += [server.app(name) for name in names]
        script = Path(tmp_path_factory.mktemp("script")) / "offline_script.py"
        script.write_text(textwrap.dedent("""
            from webio.output import put_markdown
            from webio.session import hold
            put_markdown("**script page**")
            hold()
        """))
        _, output = stack.enter_context(running_process([str(script)]))
        found = output.wait_for(URL_LINE, 20)
        assert found, output.text
        urls.append(found.group(1))
        yield urls


def settle(page: Any, url: str) -> None:
    """Waits until the page has loaded and its session has started (or it is a plain page)."""
    if page.locator("#webio-config").count():
        page.wait_for_function("() => window.webio && window.webio.session.state !== 'connecting'")
    if url.endswith("?app=textareas"):
        page.locator(".cm-content").wait_for()  # the code editor's script is loaded on demand
    page.wait_for_timeout(100)  # for anything the first outputs would fetch
    if page.locator(".webio-datatable").count():
        page.locator(".webio-datatable .ag-root-wrapper").first.wait_for()  # the grid's script, on demand


def test_no_page_fetches_anything_from_elsewhere(e2e_browser: Any, every_page: list[str], page_errors: list[str]) -> None:
    context = e2e_browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    refused: list[str] = []
    requested: list[str] = []
    sockets: list[str] = []

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        route.abort()

    context.route(NOT_LOCAL, refuse)
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.on("pageerror", lambda e: page_errors.append(f"{page.url}: {e}"))
        for url in every_page:
            page.goto(url)
            settle(page, url)
        # The trap itself works: a request to elsewhere is refused and recorded.
        assert page.evaluate(f"() => fetch('{CANARY}').then(() => 'fetched', () => 'refused')") == "refused"
    finally:
        context.close()

    assert refused == [CANARY]
    requested.remove(CANARY)
    elsewhere = [url for url in requested + sockets if not url.startswith(("data:", "blob:"))
                 and urlsplit(url).hostname != LOCAL_HOST]
    assert elsewhere == []
    loaded = {urlsplit(url).query.split("&")[0] for url in requested if "_webio_static=" in url}
    assert {"_webio_static=webio.js", "_webio_static=webio.css", "_webio_static=webio-code.js",
            "_webio_static=themes/dark.css", "_webio_static=themes/sketchy.css",
            "_webio_static=webio-datatable.js"} <= loaded, loaded
    assert len(every_page) >= 40
