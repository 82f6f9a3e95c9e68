"""A reverse proxy that sends everything to one upstream, switched on demand: a load balancer
moving a tab to another machine.

``python -m tests.scale.pinned_proxy PORT UPSTREAM [UPSTREAM ...]``: requests and WebSocket
upgrades go to the first upstream until ``GET /_proxy/pin?to=N``; that also cuts every relayed
socket (as a network loss would), so a tab reconnects, now to upstream N.
"""
from __future__ import annotations


from aiohttp import web

from tests.scale.round_robin_proxy import RoundRobin, main


class Pinned(RoundRobin):
    def __init__(self, upstreams: list[str]) -> None:
        super().__init__(upstreams)
        self.pinned = 0
        self.sockets: dict[int, web.Request] = {}  # id -> the request of a relayed socket

    def next_upstream(self) -> str:
        self.served[self.pinned] += 1
        return self.upstreams[self.pinned]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/_proxy/pin":
            self.pinned = int(request.query["to"])
            for relayed in list(self.sockets.values()):
                if relayed.transport is not None:
                    relayed.transport.abort()
            return web.json_response(self.pinned)
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return await super().handle(request)
        self.sockets[id(request)] = request
        try:
            return await super().handle(request)
        finally:
            self.sockets.pop(id(request), None)


if __name__ == "__main__":
    main(Pinned)
