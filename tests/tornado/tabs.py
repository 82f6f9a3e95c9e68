"""Test helpers: a real webio Tornado server on 127.0.0.1 in a thread, and a WebSocket tab.

``WsTab`` is a browser reduced to the wire protocol (``tests.conformance.wire.FakeBrowser``) over a
real Tornado WebSocket client; ``HttpTab`` (shared with the Flask tests) speaks the HTTP transport.
"""
from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

import tornado.httpclient
import tornado.web
import tornado.websocket

from tests.conformance.wire import Command, FakeBrowser, is_script
from webio.tornado import WebioServer, build_application


def start(routes: list[Any], endpoints: Callable[[], Any] = lambda: [], **settings: Any) -> WebioServer:
    """A server for ``routes`` listening on a free port of 127.0.0.1 (stop it with ``request_stop``)."""
    server_options = {k: settings.pop(k) for k in ("xheaders", "max_payload_size") if k in settings}
    max_payload = server_options.pop("max_payload_size", "200M")
    return WebioServer(lambda: build_application(routes, max_payload_size=max_payload, **settings), endpoints,
                       host="127.0.0.1", max_payload_size=max_payload, **server_options).start_in_thread()


def http_get(url: str, headers: Optional[dict[str, str]] = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def http_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class WsTab:
    """One tab on the WebSocket transport. Use inside ``asyncio.run``."""

    def __init__(self, url: str, browser: Optional[FakeBrowser] = None) -> None:
        self.url = url.replace("http://", "ws://", 1)
        self.browser = browser or FakeBrowser()
        self.ws: Optional[tornado.websocket.WebSocketClientConnection] = None

    async def connect(self, query: str = "", headers: Optional[dict[str, str]] = None,
                      max_message_size: int = 1 << 30) -> WsTab:
        url = self.url + (("&" if "?" in self.url else "?") + query if query else "")
        request = tornado.httpclient.HTTPRequest(url, headers=headers or {})
        self.ws = await tornado.websocket.websocket_connect(request, max_message_size=max_message_size)
        return self

    async def resume(self) -> WsTab:
        return await self.connect(self.browser.resume_query())

    async def receive(self, timeout: float = 10) -> Optional[str]:
        """Apply the next frame; None once the server closed the socket."""
        assert self.ws is not None
        text = await asyncio.wait_for(self.ws.read_message(), timeout)
        if text is not None:
            self.browser.feed(text)
        return text  # type: ignore[return-value]

    async def wait_for(self, predicate: Callable[[Command], bool], timeout: float = 10) -> Command:
        while True:
            found = self.browser.take(predicate)
            if found is not None:
                return found
            if await self.receive(timeout) is None:
                raise AssertionError(f"socket closed while waiting; pending: {list(self.browser.pending)}")

    async def script(self, code: str) -> Command:
        return await self.wait_for(is_script(code))

    async def send(self, text: str) -> None:
        assert self.ws is not None
        await self.ws.write_message(text)

    async def answer(self, cmd: Command, value: Any) -> None:
        await self.send(self.browser.event("js_yield", cmd["task_id"], value))

    async def closed(self, timeout: float = 10) -> bool:
        """Read until the server closes the socket; True if it did within ``timeout``."""
        try:
            while await self.receive(timeout) is not None:
                pass
        except asyncio.TimeoutError:
            return False
        return True

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()


async def echo(tab: WsTab, value: Any) -> dict[str, Any]:
    """Answer the echo app's next ``eval_js`` with ``value``; return the echoed args."""
    await tab.answer(await tab.script("next()"), value)
    return (await tab.script("echo"))["spec"]["args"]  # type: ignore[no-any-return]



def HttpTabOver(url: str, headers: Optional[dict[str, str]] = None) -> Any:
    """An HTTP-transport tab (tests/flask/http_tab.py) talking to a real server with urllib."""
    from tests.flask.http_tab import HttpTab

    return HttpTab(http_post, url, headers)
