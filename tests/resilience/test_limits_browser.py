"""What a user sees in Chromium when the server is past ``max_sessions`` (docs/limits.md)."""
from __future__ import annotations

import asyncio
import threading
import urllib.error
import urllib.request
from typing import Any

from guard_servers import serve, settle
from wsclient import open_tab

from tests.client.chromium import chromium_for_tests
from webio.transport.limits import BUSY_TEXT


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_a_new_tab_of_a_busy_server_sees_the_busy_page_or_the_busy_message() -> None:
    with serve("tornado", "websocket", limits={"max_sessions": 1}) as served:
        page_url = served.url + "?app=marker_async"
        with chromium_for_tests() as browser:
            # A tab whose page arrived just before the server filled up: the last place is taken
            # (by a scripted tab) while its socket connects, and the socket is refused with the text.
            late = browser.new_page()
            loop = asyncio.new_event_loop()  # the scripted tab's own loop, on a thread of its own
            threading.Thread(target=loop.run_forever, daemon=True).start()
            holder: list[Any] = []

            async def take_the_place() -> None:
                conn, _ = await open_tab(served.url, "marker_async")
                holder.append(conn)

            async def leave() -> None:
                holder[0].close()
                await asyncio.sleep(0.3)

            def fill_then_connect(ws: Any) -> None:
                asyncio.run_coroutine_threadsafe(take_the_place(), loop).result(10)
                ws.connect_to_server()

            late.route_web_socket("**/*", fill_then_connect)
            response = late.goto(page_url)
            assert response is not None and response.status == 200
            late.get_by_text(BUSY_TEXT["en"]).wait_for(timeout=10_000)
            late.locator("#webio-status").get_by_text("The session has ended").wait_for(timeout=10_000)

            # A new tab now: the busy page (HTTP 503) with a button to try again.
            page = browser.new_page()
            response = page.goto(page_url)
            assert response is not None and response.status == 503
            assert BUSY_TEXT["en"] in page.inner_text("body")
            assert page.get_by_role("button", name="Try again").is_visible()

            asyncio.run_coroutine_threadsafe(leave(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            assert settle(lambda: status_of(page_url) == 200, 10), "the place did not come free"
            page.get_by_role("button", name="Try again").click()  # the place is free again: the app
            page.get_by_text("waiting for you").wait_for(timeout=10_000)
