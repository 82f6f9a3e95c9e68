"""A reverse proxy that sends everything to one upstream, switched on demand: a load balancer
moving a tab to another machine.

``python -m tests.scale.pinned_proxy PORT UPSTREAM [UPSTREAM ...]``: requests and WebSocket
upgrades go to the first upstream until ``GET /_proxy/pin?to=N``; that also cuts every relayed
socket (as a network loss would), so a tab reconnects, now to upstream N.
"""
from __future__ import annotations

import sys

from aiohttp import web

from tests.scale.round_robin_proxy import RoundRobin


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


def main() -> None:
    port, upstreams = int(sys.argv[1]), sys.argv[2:]
    proxy = Pinned(upstreams)
    app = web.Application(client_max_size=1024 ** 3)
    app.on_startup.append(proxy.start)
    app.on_cleanup.append(proxy.stop)
    app.router.add_route("*", "/{tail:.*}", proxy.handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main()
