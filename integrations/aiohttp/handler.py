"""aiohttp requests in, core ``HttpRequest`` / ``WebSocketPeer`` out; no protocol logic here.

One handler answers the route's URL: a WebSocket upgrade goes to the WebSocket transport,
``GET`` to the page or an asset, ``POST ?_webio=http`` to the HTTP transport (docs/protocol.md).
"""
from __future__ import annotations

from typing import Any, AsyncIterator, Awaitable, Callable, Optional, Protocol, Sequence, Union, cast

from aiohttp import WSMsgType, web

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.transport import CaseInsensitiveHeaders, HttpRequest, HttpResponse, WebioEndpoint
from webio.transport.choice import choose_transport
from webio.transport.policy import server_message_limit

from .drain import drained_at_sigterm, hold_sigterm

BACKEND = "aiohttp"
WS_HEARTBEAT = 30.0


class WebioHandler(Protocol):
    """What ``webio_handler`` returns: an aiohttp handler with its endpoint and a shutdown hook."""

    endpoint: WebioEndpoint

    def __call__(self, request: web.Request) -> Awaitable[web.StreamResponse]: ...

    def on_shutdown(self, app: web.Application) -> Awaitable[None]: ...


class AiohttpPeer:
    """The ``WebSocketPeer`` the core sends through."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws

    async def send_text(self, text: str) -> None:
        await self.ws.send_str(text)

    async def close(self, code: int = 1000) -> None:
        await self.ws.close(code=code)


def translate_request(request: web.BaseRequest, body: bytes = b"") -> HttpRequest:
    """The core's view of an aiohttp request (``native`` is the request itself)."""
    return HttpRequest(method=request.method, path=request.path, query=dict(request.query),
                       headers=CaseInsensitiveHeaders(request.headers.items()), body=body, remote_ip=request.remote or "",
                       scheme=request.scheme, native=request, backend=BACKEND)


def make_response(response: HttpResponse) -> web.Response:
    return web.Response(body=response.body, status=response.status, headers=response.headers)


async def read_body(request: web.BaseRequest, limit: int) -> Optional[bytes]:
    """The body, or None as soon as it proves larger than ``limit`` (our limit, not ``client_max_size``)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def incoming_texts(ws: web.WebSocketResponse) -> AsyncIterator[Union[str, bytes]]:
    """Text and binary messages until the socket closes (the core reads binary ones)."""
    async for message in ws:
        if message.type == WSMsgType.TEXT:
            yield message.data
        elif message.type == WSMsgType.BINARY:
            yield message.data
        elif message.type == WSMsgType.ERROR:
            return


def webio_handler(applications: Any, cdn: Union[bool, str] = False, reconnect_timeout: float = 0,
                  allowed_origins: Optional[Sequence[str]] = None,
                  check_origin: Optional[Callable[[str], bool]] = None, max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD,
                  websocket_settings: Optional[dict[str, Any]] = None,
                  transport: Optional[str] = None, *, protocol: Optional[str] = None,
                  **options: Any) -> WebioHandler:
    """An aiohttp request handler serving ``applications`` at the URL of its route.

    Example::

        handler = webio_handler({"report": report, "upload": upload})
        app.add_routes([web.route("*", "/tool", handler)])
        app.on_shutdown.append(handler.on_shutdown)   # close sessions and their sockets at shutdown

    ``websocket_settings`` go to ``aiohttp.web.WebSocketResponse`` (``heartbeat``, ``max_msg_size``,
    …). ``transport='http'`` serves the HTTP transport instead of WebSocket (it needs the POST
    route); ``protocol`` is its older name. Other options (``debug``, ``session_expire_seconds``,
    ``bus`` shared by several worker processes, ``registry``, …) go to ``WebioEndpoint``.
    """
    endpoint = WebioEndpoint(applications, backend=BACKEND, protocol=choose_transport(transport, protocol),
                             cdn=cdn, reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size, **options)
    limit = endpoint.settings.max_payload_size
    # Messages over max_payload_size reach webio (which drops them and tells the user) up to
    # max_msg_size; aiohttp closes the socket (1009) on bigger ones before buffering them.
    # compress=False whatever websocket_compression says: aiohttp cannot ask the browser for no
    # context takeover, so it would keep a 32 KiB-window decompressor (and, unless the browser asks,
    # a compressor) per tab, ~150 KiB in all (transport/deflate.py). websocket_settings={"compress":
    # True} accepts aiohttp's own deflate.
    ws_settings = {"max_msg_size": server_message_limit(limit), "heartbeat": WS_HEARTBEAT, "compress": False,
                   **(websocket_settings or {})}

    async def serve_socket(request: web.Request) -> web.StreamResponse:
        core_request = translate_request(request)
        refusal = endpoint.accept_websocket(core_request)
        if refusal is not None:
            return make_response(refusal)
        ws = web.WebSocketResponse(**ws_settings)
        await ws.prepare(request)
        await endpoint.serve_websocket(core_request, AiohttpPeer(ws), incoming_texts(ws))
        return ws

    signals: list[bool] = []

    async def webio_aiohttp(request: web.Request) -> web.StreamResponse:
        if not signals:  # once, from the server's loop: drain on SIGTERM before aiohttp stops reading
            signals.append(hold_sigterm(endpoint))
        if (request.headers.get("Upgrade") or "").lower() == "websocket":
            return await serve_socket(request)
        body = b""
        if request.method == "POST":
            read = await read_body(request, limit)
            if read is None:
                return make_response(endpoint.body_too_large())
            body = read
        return make_response(await endpoint.respond_async(translate_request(request, body)))

    async def on_shutdown(app: web.Application) -> None:
        # aiohttp waits for open WebSocket handlers at shutdown: closing the sessions sends each tab
        # close_session and closes its socket, so the server stops at once. With a bus, the open
        # sessions are served through the other workers for drain_timeout first (under run_app that
        # drain ran at SIGTERM already, while aiohttp still read its sockets: drain.py).
        if not drained_at_sigterm(endpoint):
            await endpoint.adrain()
        await endpoint.aclose()

    handler = cast(WebioHandler, webio_aiohttp)
    handler.endpoint = endpoint
    handler.on_shutdown = on_shutdown  # type: ignore[method-assign]
    return handler


def static_routes(prefix: str = "/") -> list[web.AbstractRouteDef]:
    """Routes serving the browser client's files under ``prefix`` (pages normally load them from
    their own URL; use this with ``cdn=prefix`` to let a proxy cache them at a fixed path).

    Example::

        app.add_routes(static_routes("/webio-assets/"))
        app.add_routes([web.get("/tool", webio_handler(task, cdn="/webio-assets/"))])
    """
    from webio.static import STATIC_PATH

    return [web.static(prefix.rstrip("/") or "/", STATIC_PATH)]
