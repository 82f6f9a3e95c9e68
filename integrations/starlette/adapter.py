"""Starlette requests and WebSockets in, core ``HttpRequest`` / ``WebSocketPeer`` out.

The routes answer on ``/`` of wherever they are mounted: ``GET`` for the page and the assets,
``POST`` for the HTTP transport, WebSocket for the WebSocket transport (docs/protocol.md, "One URL
per app"). All protocol and session logic lives in ``webio.transport``.

Mounted with ``app.mount('/tool', ...)``, Starlette's router redirects ``/tool`` to ``/tool/``;
the page builds its WebSocket/HTTP URLs from ``location.pathname``, so either URL works.
"""
from __future__ import annotations

import logging
from typing import Any, AsyncIterator, Callable, Optional, Sequence, Union

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket

from webio.transport import HttpRequest, HttpResponse, WebioEndpoint
from webio.transport.websocket import serve_websocket

logger = logging.getLogger("webio.starlette")
BACKEND = "starlette"
# Close code for a refused upgrade where the server cannot send an HTTP denial response.
POLICY_VIOLATION = 1008


class StarlettePeer:
    """The ``WebSocketPeer`` the core sends through."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    async def send_text(self, text: str) -> None:
        await self.websocket.send_text(text)

    async def close(self, code: int = 1000) -> None:
        await self.websocket.close(code)


def _client_ip(connection: Union[Request, WebSocket]) -> str:
    return connection.client.host if connection.client else ""


def translate_request(request: Request, body: bytes = b"") -> HttpRequest:
    """The core's view of a Starlette ``Request``."""
    return HttpRequest(method=request.method, path=request.url.path, query=dict(request.query_params),
                       headers=request.headers, body=body, remote_ip=_client_ip(request),
                       scheme=request.url.scheme, native=request, backend=BACKEND)


def translate_websocket(websocket: WebSocket) -> HttpRequest:
    """The core's view of a WebSocket handshake (``native`` is the ``WebSocket``)."""
    scheme = "https" if websocket.url.scheme == "wss" else "http"
    return HttpRequest(method="GET", path=websocket.url.path, query=dict(websocket.query_params),
                       headers=websocket.headers, remote_ip=_client_ip(websocket), scheme=scheme,
                       native=websocket, backend=BACKEND)


def make_response(response: HttpResponse) -> Response:
    return Response(content=response.body, status_code=response.status, headers=response.headers)


async def read_body(request: Request, limit: int) -> Optional[bytes]:
    """The request body, or None as soon as it proves larger than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def http_endpoint(endpoint: WebioEndpoint) -> Callable[[Request], Any]:
    """The Starlette endpoint for page, asset and HTTP-transport requests."""

    async def webio_http(request: Request) -> Response:
        body = b""
        if request.method == "POST":
            read = await read_body(request, endpoint.settings.max_payload_size)
            if read is None:
                return Response("Request body larger than max_payload_size", 413, media_type="text/plain")
            body = read
        return make_response(await endpoint.respond_async(translate_request(request, body)))

    return webio_http


async def incoming_texts(websocket: WebSocket) -> AsyncIterator[str]:
    """Text messages until the browser disconnects (binary ones are read as UTF-8)."""
    while True:
        try:
            message = await websocket.receive()
        except RuntimeError:  # the socket was closed from our side and is finished
            return
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            yield message["text"]
        elif message.get("bytes") is not None:
            yield message["bytes"].decode("utf-8", "replace")


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
        await serve_websocket(endpoint, request, StarlettePeer(websocket), incoming_texts(websocket))

    return webio_websocket


def webio_routes(applications: Any, cdn: Union[bool, str] = False, reconnect_timeout: float = 0,
                 allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 max_payload_size: Union[int, str] = "200M", protocol: str = "websocket",
                 static_dir: Optional[str] = None, debug: bool = False, **options: Any) -> list[BaseRoute]:
    """Starlette routes serving ``applications`` at ``/`` (mount them where you like).

    Example::

        app = Starlette(routes=[Mount("/tool", routes=webio_routes(task)), ...])

    ``applications``: a function, a list of functions or a dict name → function (``?app=NAME``).
    ``protocol``: ``'websocket'`` or ``'http'``. ``static_dir``: your own files, at ``static/``.
    Other options (``session_expire_seconds``, ``registry``, …) go to ``WebioEndpoint``.
    """
    endpoint = WebioEndpoint(applications, backend=BACKEND, protocol=protocol, cdn=cdn,
                             reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size, debug=debug,
                             **options)
    routes: list[BaseRoute] = [
        Route("/", http_endpoint(endpoint), methods=["GET", "POST"], name="webio"),
        WebSocketRoute("/", websocket_endpoint(endpoint), name="webio_websocket"),
    ]
    if static_dir is not None:
        routes.append(Mount("/static", app=StaticFiles(directory=static_dir), name="static"))
    return routes


def asgi_app(applications: Any, cdn: Union[bool, str] = False, reconnect_timeout: float = 0,
             static_dir: Optional[str] = None, debug: bool = False,
             allowed_origins: Optional[Sequence[str]] = None,
             check_origin: Optional[Callable[[str], bool]] = None,
             max_payload_size: Union[int, str] = "200M", protocol: str = "websocket",
             **options: Any) -> Starlette:
    """An ASGI app serving ``applications``; mount it in Starlette or FastAPI.

    Example::

        app = FastAPI()
        app.mount("/tool", asgi_app(task, reconnect_timeout=30))

    WebSocket messages larger than ``max_payload_size`` are dropped with a log line; the server
    itself (uvicorn ``--ws-max-size``, 16 MiB by default) closes sockets sending bigger ones.
    """
    routes = webio_routes(applications, cdn=cdn, reconnect_timeout=reconnect_timeout,
                          allowed_origins=allowed_origins, check_origin=check_origin,
                          max_payload_size=max_payload_size, protocol=protocol, static_dir=static_dir,
                          debug=debug, **options)
    return Starlette(debug=debug, routes=routes)
