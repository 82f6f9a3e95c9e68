"""A proxy sending a tab's page to one server and its sessions' traffic round robin: a load
balancer whose choice for a page and for the socket (or request) that follows it differ.

``python -m tests.scale.split_proxy PORT UPSTREAM [UPSTREAM ...]``: pages and assets go to the last
upstream; WebSocket upgrades and HTTP-transport POSTs go to each upstream in turn, starting with
the first. ``GET /_proxy/transport`` returns how many of those each upstream got (JSON).
"""
from __future__ import annotations

import itertools

from aiohttp import web

from tests.scale.round_robin_proxy import RoundRobin, main


class Split(RoundRobin):
    def __init__(self, upstreams: list[str]) -> None:
        super().__init__(upstreams)
        self.transport_served = [0] * len(upstreams)
        self._transport_turn = itertools.count()

    def upstream_for(self, request: web.Request) -> str:
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if not websocket and request.query.get("_webio") != "http":
            return self.upstreams[-1]
        index = next(self._transport_turn) % len(self.upstreams)
        self.transport_served[index] += 1
        return self.upstreams[index]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/_proxy/transport":
            return web.json_response(self.transport_served)
        return await super().handle(request)


if __name__ == "__main__":
    main(Split)
