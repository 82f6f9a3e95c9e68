"""``webio.aiohttp``: run webio apps inside an aiohttp application, or on aiohttp's own server.

Example::

    from aiohttp import web
    from webio.aiohttp import webio_handler

    app = web.Application()
    handler = webio_handler(task, reconnect_timeout=30)
    app.add_routes([web.route("*", "/tool", handler)])   # GET page+socket, POST/OPTIONS HTTP transport
    app.on_shutdown.append(handler.on_shutdown)    # close sessions, so shutdown does not wait for tabs

or ``start_server(task, port=8080)``. Page, assets and WebSocket share the one URL of the route.
Production: ``python -m aiohttp.web -H 0.0.0.0 -P 8080 myapp:init_app`` (``init_app(argv)`` returns
the application), one process (sessions live in it). ``session.info.request`` is the aiohttp request.
Latency: asyncio turns Nagle's algorithm off (``TCP_NODELAY``) on every TCP connection it makes
or accepts, so aiohttp sends each small frame at once; the tests check it on a live socket.
"""
from __future__ import annotations

try:
    import aiohttp  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("webio.aiohttp needs aiohttp: install it with `pip install webio[aiohttp]`") from exc

from .handler import AiohttpPeer, WebioHandler, static_routes, translate_request, webio_handler
from .server import start_server

__all__ = ["webio_handler", "static_routes", "start_server", "WebioHandler", "AiohttpPeer", "translate_request"]
