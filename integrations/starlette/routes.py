"""The Starlette routes of a webio endpoint, and the ASGI app built from them.

The routes answer on ``/`` of wherever they are mounted: ``GET`` for the page and the assets,
``POST`` for the HTTP transport, WebSocket for the WebSocket transport (docs/protocol.md, "One URL
per app"). All protocol and session logic lives in ``webio.transport``.

Mounted with ``app.mount('/tool', ...)``, Starlette's router redirects ``/tool`` to ``/tool/``;
the page builds its WebSocket/HTTP URLs from ``location.pathname``, so either URL works.
"""
from __future__ import annotations

import contextlib
import logging
from typing import Any, AsyncIterator, Callable, Optional, Sequence, Union

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.transport import HttpResponse, WebioEndpoint
from webio.transport.choice import choose_transport

from .translate import (BACKEND, StarlettePeer, incoming_texts, make_response, read_body, translate_request,
                        translate_websocket)

logger = logging.getLogger("webio.starlette")
# Close code for a refused upgrade where the server cannot send an HTTP denial response.
POLICY_VIOLATION = 1008


def http_endpoint(endpoint: WebioEndpoint) -> Callable[[Request], Any]:
    """The Starlette endpoint for page, asset and HTTP-transport requests."""

    async def webio_http(request: Request) -> Response:
        body = b""
        if request.method == "POST":
            read = await read_body(request, endpoint.settings.max_payload_size)
            if read is None:
                return make_response(endpoint.body_too_large())
            body = read
        return make_response(await endpoint.respond_async(translate_request(request, body)))

    return webio_http


async def refuse(websocket: WebSocket, response: HttpResponse) -> None:
    """Refuse an upgrade with the core's HTTP answer where the server supports it, else close."""
    deny = getattr(websocket, "send_denial_response", None)
    if deny is not None and "websocket.http.response" in websocket.scope.get("extensions", {}):
        await deny(make_response(response))
    else:
        await websocket.close(POLICY_VIOLATION)


def websocket_endpoint(endpoint: WebioEndpoint) -> Callable[[WebSocket], Any]:
    """The Starlette endpoint for the WebSocket transport."""

    async def webio_websocket(websocket: WebSocket) -> None:
        request = translate_websocket(websocket)
        refusal = endpoint.accept_websocket(request)
        if refusal is not None:
            await refuse(websocket, refusal)
            return
        await websocket.accept()
        await endpoint.serve_websocket(request, StarlettePeer(websocket), incoming_texts(websocket))

    return webio_websocket


def routes_for(endpoint: WebioEndpoint, static_dir: Optional[str] = None) -> list[BaseRoute]:
    """The routes answering for ``endpoint`` at ``/`` (and ``static_dir`` at ``/static/``)."""
    routes: list[BaseRoute] = [
        Route("/", http_endpoint(endpoint), methods=["GET", "POST", "OPTIONS"], name="webio"),
        WebSocketRoute("/", websocket_endpoint(endpoint), name="webio_websocket"),
    ]
    if static_dir is not None:
        routes.append(Mount("/static", app=StaticFiles(directory=static_dir), name="static"))
    return routes


def webio_routes(applications: Any, cdn: Union[bool, str] = False, reconnect_timeout: float = 0,
                 allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, transport: Optional[str] = None,
                 static_dir: Optional[str] = None, debug: bool = False, *, protocol: Optional[str] = None,
                 **options: Any) -> list[BaseRoute]:
    """Starlette routes serving ``applications`` at ``/`` (mount them where you like).

    Example::

        app = Starlette(routes=[Mount("/tool", routes=webio_routes(task)), ...])

    ``applications``: a function, a list of functions or a dict name → function (``?app=NAME``).
    ``transport``: ``'websocket'`` (default) or ``'http'``; ``protocol`` is its older name.
    ``static_dir``: your own files, at ``static/``. Other options (``session_expire_seconds``,
    ``bus`` shared by several worker processes, ``registry``, …) go to ``WebioEndpoint``.
    """
    endpoint = WebioEndpoint(applications, backend=BACKEND, protocol=choose_transport(transport, protocol),
                             cdn=cdn, reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size, debug=debug,
                             **options)
    return routes_for(endpoint, static_dir)


def asgi_app(applications: Any, cdn: Union[bool, str] = False, reconnect_timeout: float = 0,
             static_dir: Optional[str] = None, debug: bool = False,
             allowed_origins: Optional[Sequence[str]] = None,
             check_origin: Optional[Callable[[str], bool]] = None,
             max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, transport: Optional[str] = None,
             *, protocol: Optional[str] = None, **options: Any) -> Starlette:
    """An ASGI app serving ``applications``; mount it in Starlette or FastAPI.

    Example::

        app = FastAPI()
        app.mount("/tool", asgi_app(task, reconnect_timeout=30))

    ``transport``: ``'websocket'`` (default) or ``'http'``; ``protocol`` is its older name.
    ``bus``: a URL (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by the worker processes
    (``uvicorn --workers 4``); default ``$WEBIO_BUS``, else this process only (docs/deployment.md).

    A WebSocket message larger than ``max_payload_size`` is dropped with a log line and a toast to
    the user; the socket stays open. Give the server a bigger limit (uvicorn ``--ws-max-size``,
    16 MiB by default) or it closes the socket first.
    Served on its own, the app closes every session at shutdown (a mounted app gets no lifespan
    events from Starlette).
    """
    endpoint = WebioEndpoint(applications, backend=BACKEND, protocol=choose_transport(transport, protocol),
                             cdn=cdn, reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size, debug=debug,
                             **options)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await endpoint.adrain()  # a graceful stop: open sessions go on for drain_timeout (with a bus)
        await endpoint.aclose()  # server shutdown: tabs see the end, deferred calls run

    app = Starlette(debug=debug, routes=routes_for(endpoint, static_dir), lifespan=lifespan)
    app.state.webio_endpoint = endpoint
    return app
