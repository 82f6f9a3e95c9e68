"""A value too large to send, in Chromium on the default (Tornado) server.

Over the app's ``max_payload_size`` the browser does not send it at all: the user gets a toast, keeps
the form and the session, and can submit a shorter value. Under it but over a lower limit of the
server itself (daphne's 1 MiB; here a Tornado handler or a proxy-like 413, see
serve_server_limit.py), it goes in chunks of 256 KiB and gets through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from .harness import URL_LINE, START_TIMEOUT, AppServer, app_server, running_process
from .ui import closed_banner, panel, submit

TOO_LARGE = "That was too large to send (limit 1 KiB); nothing was submitted."
SERVER_LIMIT = 1024 * 1024  # daphne's default WebSocket message limit
MIB = 1024 * 1024


@contextmanager
def server_behind_limit(protocol: str) -> Iterator[AppServer]:
    """apps_server_limit.py (max_payload_size 20M) behind a server limit of 1 MiB."""
    args = ["-m", "tests.e2e.serve_server_limit", "apps_server_limit", protocol, str(SERVER_LIMIT)]
    with running_process(args) as (proc, output):
        found = output.wait_for(URL_LINE, START_TIMEOUT)
        if found is None:
            raise RuntimeError(f"the e2e server did not start:\n{output.text}")
        yield AppServer(found.group(1), proc, output)


class Traffic:
    """What the tab sent and received: sockets opened, sizes of WebSocket messages and POST bodies."""

    def __init__(self, page: Any) -> None:
        self.sockets: list[str] = []
        self.sent: list[int] = []
        self.received: list[str] = []
        page.on("websocket", self._socket)
        page.on("request", lambda r: r.method == "POST" and self.sent.append(len(r.post_data_buffer or b"")))

    def _socket(self, ws: Any) -> None:
        self.sockets.append(ws.url)
        ws.on("framesent", lambda payload: self.sent.append(len(payload.encode() if isinstance(payload, str) else payload)))
        ws.on("framereceived", lambda payload: self.received.append(str(payload)))

    def over(self, size: int) -> int:
        return sum(1 for sent in self.sent if sent > size)


def upload_file(page: Any, size: int) -> None:
    panel(page).get_by_label("Your file").set_input_files(
        files=[{"name": "big.bin", "mimeType": "application/octet-stream", "buffer": b"x" * size}])
    submit(page)


@pytest.mark.parametrize("protocol", ["websocket", "http"])
def test_a_value_over_max_payload_size_is_not_sent_the_form_stays(page: Any, protocol: str) -> None:
    with app_server("apps_oversize", protocol) as server:
        traffic = Traffic(page)
        page.goto(server.app("note"))
        field = panel(page).get_by_label("Your note")
        field.fill("x" * 3000)
        submit(page)
        page.locator(".webio-toast").get_by_text(TOO_LARGE, exact=True).wait_for()
        assert field.is_visible() and field.is_enabled()
        assert panel(page).get_by_role("button", name="Submit", exact=True).is_enabled()
        assert field.input_value() == "x" * 3000  # the user can shorten what they typed
        assert not page.get_by_text("saved").is_visible()
        field.fill("short note")
        submit(page)
        page.get_by_text("saved 10 characters", exact=True).wait_for()
        assert traffic.over(1024) == 0  # the 3000 characters never left the browser
        assert not any("too large" in frame for frame in traffic.received)  # the toast is the client's
        assert len(traffic.sockets) == (1 if protocol == "websocket" else 0)  # never reconnected
        assert not page.get_by_text("Connection lost").is_visible()
        assert "dropped a browser message" not in server.output.text


def test_the_limit_shows_in_the_browsers_language(e2e_browser: Any) -> None:
    with app_server("apps_oversize", "websocket") as server:
        context = e2e_browser.new_context(locale="de-DE")
        try:
            page = context.new_page()
            page.goto(server.app("note"))
            panel(page).get_by_label("Your note").fill("ü" * 600)  # 1200 bytes in UTF-8
            submit(page, "Absenden")
            page.locator(".webio-toast").get_by_text(
                "Das war zu groß zum Senden (Obergrenze 1 KiB); es wurde nichts übermittelt.", exact=True).wait_for()
        finally:
            context.close()


@pytest.mark.parametrize("protocol", ["websocket", "http"])
def test_an_upload_over_the_servers_own_limit_goes_through_in_chunks(page: Any, protocol: str) -> None:
    """Tornado closes the socket on a message over its own limit, a proxy answers 413 to a body over
    its own; an upload of 3 MiB goes in chunks of 256 KiB and gets through either."""
    with server_behind_limit(protocol) as server:
        traffic = Traffic(page)
        page.goto(server.app("upload"))
        upload_file(page, 3 * MIB)
        page.get_by_text(f"got {3 * MIB} bytes", exact=True).wait_for(timeout=30_000)
        assert page.locator(".webio-toast").count() == 0
        assert not closed_banner(page).is_visible()
        panel(page).get_by_label("Your note").fill("short note")
        submit(page)
        page.get_by_text("saved 10 characters", exact=True).wait_for()  # then the app ends
        assert traffic.over(256 * 1024) == 0  # no message or POST body over one chunk
        assert len(traffic.sockets) == (1 if protocol == "websocket" else 0)  # never reconnected
        assert "dropped a browser message" not in server.output.text
