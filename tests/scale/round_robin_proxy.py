"""A small round-robin reverse proxy, as a load balancer in front of several machines would be.

``python -m tests.scale.round_robin_proxy PORT UPSTREAM [UPSTREAM ...]``: every request, and every
WebSocket upgrade, goes to the next upstream in turn (no stickiness at all). The browser's ``Host``
header is kept (as nginx's ``proxy_set_header Host $host``), hop-by-hop headers are dropped, a
WebSocket is answered once the upstream accepted it, then messages and the close are relayed
both ways. An upstream that refuses the connection is skipped for the next one (nginx's ``proxy_next_upstream
error``). ``GET /_proxy/served`` returns how many requests each upstream got (JSON).
"""
from __future__ import annotations

import asyncio
import itertools
import sys
from typing import Any

from aiohttp import ClientSession, ClientTimeout, WSServerHandshakeError, web

from tests.conformance.proxy import pump

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "content-length", "sec-websocket-key", "sec-websocket-version",
              "sec-websocket-extensions", "sec-websocket-protocol"}


class RoundRobin:
    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = [u.rstrip("/") for u in upstreams]
        self.served = [0] * len(upstreams)
        self._turn = itertools.count()
        self.client: Any = None

    def next_upstream(self) -> str:
        index = next(self._turn) % len(self.upstreams)
        self.served[index] += 1
        return self.upstreams[index]

    def upstream_for(self, request: web.Request) -> str:
        """The upstream of ``request`` (here: the next in turn, whatever it is)."""
        return self.next_upstream()

    async def start(self, app: web.Application) -> None:
        self.client = ClientSession(auto_decompress=False, timeout=ClientTimeout(total=120))

    async def stop(self, app: web.Application) -> None:
        await self.client.close()

    def headers(self, request: web.Request) -> dict[str, str]:
        forwarded = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        forwarded["X-Forwarded-For"] = request.remote or ""
        return forwarded

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/_proxy/served":
            return web.json_response(self.served)
        body = await request.read()
        failures = []
        for _ in self.upstreams:
            upstream = self.upstream_for(request)
            try:
                if request.headers.get("Upgrade", "").lower() == "websocket":
                    return await self.websocket(request, upstream)
                return await self.forward(request, upstream, body)
            except OSError as exc:  # connection refused: the machine is down, try the next one
                failures.append(f"{upstream}: {exc}")
        return web.Response(status=502, text="no upstream answered: " + "; ".join(failures))

    async def forward(self, request: web.Request, upstream: str, body: bytes) -> web.StreamResponse:
        async with self.client.request(request.method, upstream + request.path_qs, headers=self.headers(request),
                                       data=body, allow_redirects=False) as answer:
            content = await answer.read()
            headers = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
            return web.Response(status=answer.status, body=content, headers=headers)

    async def websocket(self, request: web.Request, upstream: str) -> web.StreamResponse:
        url = "ws" + upstream[len("http"):] + request.path_qs
        try:
            theirs = await self.client.ws_connect(url, headers=self.headers(request), max_msg_size=0)
        except WSServerHandshakeError as exc:
            return web.Response(status=exc.status, text="upstream refused the WebSocket")
        ours = web.WebSocketResponse(max_msg_size=0)
        await ours.prepare(request)
        await asyncio.gather(pump(ours, theirs), pump(theirs, ours))
        return ours


def main(proxy_class: type[RoundRobin] = RoundRobin) -> None:
    """``python -m MODULE PORT UPSTREAM...``: serve ``proxy_class`` in front of the upstreams."""
    port, upstreams = int(sys.argv[1]), sys.argv[2:]
    proxy = proxy_class(upstreams)
    app = web.Application(client_max_size=1024 ** 3)
    app.on_startup.append(proxy.start)
    app.on_cleanup.append(proxy.stop)
    app.router.add_route("*", "/{tail:.*}", proxy.handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main()
