"""permessage-deflate with Chromium against the real server: Chromium offers it, webio answers with
no context takeover and 4 KiB windows, and large messages go both ways; with
``websocket_compression=False`` the socket runs uncompressed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from webio.transport.deflate import WINDOW_BITS

from .apps_deflate import GREETING
from .harness import AppServer, app_server
from .ui import panel, submit

# Keep every WebSocket the page opens, to read its negotiated extensions.
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
})();
"""
EXPECTED = ("permessage-deflate; client_max_window_bits={b}; client_no_context_takeover; "
            "server_max_window_bits={b}; server_no_context_takeover")


@pytest.fixture(scope="module")
def deflate_server() -> Iterator[AppServer]:
    with app_server("apps_deflate", "websocket") as running:
        yield running


@pytest.fixture(scope="module")
def plain_server() -> Iterator[AppServer]:
    with app_server("apps_deflate_off", "websocket") as running:
        yield running


def echo_big_value(page: Any, url: str) -> list[str]:
    """Open the app, send a 30,000-character value, wait for its echo; the sockets' extensions."""
    page.add_init_script(RECORD_SOCKETS)
    page.goto(url)
    page.get_by_text(GREETING.strip()[:40]).wait_for()
    value = "typed by a user on a slow link " * 1000 + "END-OF-VALUE"
    panel(page).locator("input").fill(value)
    submit(page)
    page.get_by_text(f"echoed {len(value)} characters ending in {value[-12:]}").wait_for()
    extensions: list[str] = page.evaluate("() => window.__sockets.map(s => s.extensions)")
    return extensions


def test_chromium_negotiates_small_deflate_and_large_messages_go_both_ways(page: Any,
                                                                            deflate_server: AppServer) -> None:
    extensions = echo_big_value(page, deflate_server.url)
    # Chromium orders the parameters as the server sent them; compare them as a set.
    assert len(extensions) == 1
    assert sorted(extensions[0].split("; ")) == sorted(EXPECTED.format(b=WINDOW_BITS).split("; "))


def test_websocket_compression_false_runs_uncompressed(page: Any, plain_server: AppServer) -> None:
    assert echo_big_value(page, plain_server.url) == [""]
