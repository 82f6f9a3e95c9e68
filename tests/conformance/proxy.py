"""A small reverse proxy for the conformance tests: mounts one upstream app under a URL prefix.

Run it as ``python proxy.py PORT UPSTREAM PREFIX strip|keep``; ``servers.proxied`` does that. It
behaves like a typical nginx/Traefik location block:

- ``PREFIX`` without its trailing slash redirects to ``PREFIX/``; paths outside ``PREFIX/`` are 404.
- ``strip``: ``PREFIX/rest`` goes upstream as ``/rest`` with ``X-Forwarded-Prefix: PREFIX`` (the
  app is served at the root of its own server); ``keep``: the path goes upstream unchanged (the app
  is mounted at ``PREFIX/`` in its framework).
- Every request carries ``X-Forwarded-For`` / ``-Proto`` / ``-Host``; the browser's ``Host`` header
  is kept. Hop-by-hop headers are dropped. Bodies and encodings pass through untouched.
- A WebSocket upgrade is answered only once the upstream accepted it (a refusal keeps its status);
  then text, binary and close frames are relayed both ways.

``GET /_proxy/log`` lists what was forwarded (method, upstream path, websocket, status), for tests.
"""
from __future__ import annotations

import asyncio
import sys
from typing import Any

from aiohttp import ClientSession, ClientTimeout, WSMsgType, WSServerHandshakeError, web

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length"}
WS_HANDSHAKE = {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"}
LOG_LIMIT = 1000


class ReverseProxy:
    """Forward ``prefix/…`` to ``upstream``, stripping the prefix or keeping it."""

    def __init__(self, upstream: str, prefix: str, strip: bool) -> None:
        self.upstream = upstream.rstrip("/")
        self.prefix = prefix.rstrip("/")
        self.strip = strip
        self.log: list[dict[str, Any]] = []
        self.client: Any = None

    async def start_client(self, app: web.Application) -> None:
        self.client = ClientSession(auto_decompress=False, timeout=ClientTimeout(total=120))

    async def stop_client(self, app: web.Application) -> None:
        await self.client.close()

    def upstream_path(self, request: web.Request) -> str:
        path = request.raw_path
        return path[len(self.prefix):] if self.strip else path

    def forwarded_headers(self, request: web.Request, websocket: bool) -> dict[str, str]:
        drop = HOP_BY_HOP | (WS_HANDSHAKE if websocket else set())
        headers = {name: value for name, value in request.headers.items() if name.lower() not in drop}
        peer = request.remote or ""
        earlier = request.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{earlier}, {peer}" if earlier else peer
        headers["X-Forwarded-Proto"] = request.scheme
        headers["X-Forwarded-Host"] = request.host
        headers["Host"] = request.host
        if self.strip:
            headers["X-Forwarded-Prefix"] = self.prefix
        return headers

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/_proxy/log":
            return web.json_response(self.log)
        if request.path == self.prefix:
            query = f"?{request.query_string}" if request.query_string else ""
            raise web.HTTPFound(self.prefix + "/" + query)
        if not request.path.startswith(self.prefix + "/"):
            return web.Response(status=404, text=f"nothing here: the app is at {self.prefix}/")
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        entry = {"method": request.method, "path": request.raw_path, "upstream_path": self.upstream_path(request),
                 "websocket": websocket, "status": None}
        if len(self.log) < LOG_LIMIT:
            self.log.append(entry)
        if websocket:
            return await self.relay_websocket(request, entry)
        return await self.relay_http(request, entry)

    async def relay_http(self, request: web.Request, entry: dict[str, Any]) -> web.StreamResponse:
        body = await request.read()
        async with self.client.request(request.method, self.upstream + self.upstream_path(request),
                                       headers=self.forwarded_headers(request, False), data=body or None,
                                       allow_redirects=False) as upstream:
            payload = await upstream.read()
            headers = {name: value for name, value in upstream.headers.items() if name.lower() not in HOP_BY_HOP}
            entry["status"] = upstream.status
            return web.Response(status=upstream.status, body=payload, headers=headers)

    async def relay_websocket(self, request: web.Request, entry: dict[str, Any]) -> web.StreamResponse:
        protocols = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",") if p.strip()]
        try:
            upstream = await self.client.ws_connect(
                self.upstream.replace("http", "ws", 1) + self.upstream_path(request),
                headers=self.forwarded_headers(request, True), protocols=protocols, max_msg_size=0,
                autoping=True)
        except WSServerHandshakeError as refused:
            entry["status"] = refused.status
            return web.Response(status=refused.status, text=f"upstream refused the WebSocket: {refused.message}")
        entry["status"] = 101
        browser = web.WebSocketResponse(protocols=protocols, max_msg_size=0)
        await browser.prepare(request)
        await asyncio.gather(pump(browser, upstream), pump(upstream, browser))
        return browser


async def pump(source: Any, sink: Any) -> None:
    """Copy WebSocket messages from one aiohttp socket to the other; a close on one side closes the
    other (with its close code). ``tests/scale/round_robin_proxy.py`` relays with it too."""
    try:
        async for message in source:
            if message.type == WSMsgType.TEXT:
                await sink.send_str(message.data)
            elif message.type == WSMsgType.BINARY:
                await sink.send_bytes(message.data)
            else:
                break
    except Exception:
        pass
    finally:
        code = source.close_code or 1000
        if not sink.closed:
            await sink.close(code=code if 1000 <= code < 5000 else 1000)


def make_app(upstream: str, prefix: str, strip: bool) -> web.Application:
    proxy = ReverseProxy(upstream, prefix, strip)
    app = web.Application(client_max_size=0)
    app.on_startup.append(proxy.start_client)
    app.on_cleanup.append(proxy.stop_client)
    app.router.add_route("*", "/{tail:.*}", proxy.handle)
    return app


if __name__ == "__main__":
    port, upstream, prefix, mode = sys.argv[1:5]
    if mode not in ("strip", "keep"):
        raise SystemExit("usage: python proxy.py PORT UPSTREAM PREFIX strip|keep")
    # Stop at once on SIGTERM, even with tabs still connected through the proxy.
    web.run_app(make_app(upstream, prefix, mode == "strip"), host="127.0.0.1", port=int(port), print=None,
                shutdown_timeout=0.5)
