"""The Tornado request handler: one class answers the page, the assets, the WebSocket upgrade and
the HTTP transport at one URL, by handing every request to a ``WebioEndpoint``.

It is a ``WebSocketHandler`` that serves plain GET/HEAD/POST itself when there is no Upgrade
header. Origin checks, app lookup and all protocol work happen in the endpoint; this module only
translates Tornado's request and connection.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, ClassVar, Optional

import tornado.web
import tornado.websocket

from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from ..transport import HttpRequest, HttpResponse, WebioEndpoint
from ..transport.choice import choose_transport
from ..transport.deflate import MEM_LEVEL
from .deflate import WebioProtocol13, take_offer
from ..transport.policy import server_message_limit
from ..transport.websocket import WebSocketBridge, send_gone

logger = logging.getLogger("webio.tornado")


def translate_request(request: Any) -> HttpRequest:
    """Tornado's ``HTTPServerRequest`` as the core's ``HttpRequest``."""
    query = {key: values[-1].decode("utf-8", "replace") for key, values in request.query_arguments.items()}
    return HttpRequest(method=request.method or "GET", path=request.path, query=query,
                       headers=request.headers, body=request.body or b"", remote_ip=request.remote_ip or "",
                       scheme=request.protocol, native=request, backend="tornado")


class TornadoPeer:
    """One accepted Tornado WebSocket, as the core's ``WebSocketPeer``."""

    def __init__(self, handler: tornado.websocket.WebSocketHandler) -> None:
        self.handler = handler

    async def send_text(self, text: str) -> None:
        await self.handler.write_message(text)

    def write_now(self, text: str) -> Optional[Awaitable[None]]:
        """Write ``text`` into the socket now; None once it took the whole frame, else what to await
        before the next one (the bridge's flush then goes on in a task)."""
        connection = self.handler.ws_connection
        if connection is None or connection.is_closing():
            raise tornado.websocket.WebSocketClosedError()
        if not isinstance(connection, WebioProtocol13):
            return connection.write_message(text)
        written = connection.write_text_now(text)
        if written.done():
            written.result()  # raises if the stream closed meanwhile
            return None
        return written

    async def close(self, code: int = 1000) -> None:
        self.handler.close(code)


class WebioRequestHandler(tornado.websocket.WebSocketHandler):
    """Serve a ``WebioEndpoint`` at the handler's URL (subclasses set ``endpoint``)."""

    endpoint: ClassVar[Optional[WebioEndpoint]] = None
    # permessage-deflate as webio/transport/deflate.py accepts it (no context takeover, 4 KiB windows:
    # no zlib state kept between messages), unless the endpoint's websocket_compression is False.
    compression_options: ClassVar[Optional[dict[str, Any]]] = {"mem_level": MEM_LEVEL}

    _endpoint: Optional[WebioEndpoint] = None
    _bridge: Optional[WebSocketBridge] = None

    def find_endpoint(self, *path_args: str) -> Optional[WebioEndpoint]:
        """The endpoint serving this request; None after writing the response itself."""
        return self.endpoint

    def prepare(self) -> None:
        stream = getattr(self.request.connection, "stream", None)
        if stream is not None:
            stream.set_nodelay(True)  # replies leave at once, no wait for the client's delayed ACK
        self._endpoint = self.find_endpoint(*self.path_args)

    def check_xsrf_cookie(self) -> None:
        """The endpoint checks the origin of every transport request instead."""

    def check_origin(self, origin: str) -> bool:
        return True  # checked by the endpoint in get() before the upgrade

    @property
    def max_message_size(self) -> int:
        """Above max_payload_size, so the bridge drops an oversized message and tells the user;
        Tornado closes the socket (1009) only on bigger ones."""
        assert self._endpoint is not None
        return server_message_limit(self._endpoint.settings.max_payload_size)

    def get_compression_options(self) -> Optional[dict[str, Any]]:
        if self._endpoint is None or not self._endpoint.settings.websocket_compression:
            return None
        return self.compression_options

    def get_websocket_protocol(self) -> Optional[tornado.websocket.WebSocketProtocol]:
        """Tornado's protocol with webio's deflate parameters (integrations/tornado/deflate.py)."""
        protocol = super().get_websocket_protocol()
        if type(protocol) is not tornado.websocket.WebSocketProtocol13:
            return protocol
        webio_protocol = WebioProtocol13(self, False, protocol.params)
        if protocol.params.compression_options is not None:
            webio_protocol.agreement = take_offer(self.request.headers)
        return webio_protocol

    # ----------------------------------------------------------------- plain HTTP
    def _write(self, response: HttpResponse) -> None:
        self.set_status(response.status)
        for key, value in response.headers.items():
            self.set_header(key, value)
        self.finish(response.body if response.body else None)

    async def get(self, *args: Any, **kwargs: Any) -> None:
        endpoint = self._endpoint
        if endpoint is None:
            return
        request = translate_request(self.request)
        if endpoint.kind_of(request) != "websocket":
            self._write(await endpoint.respond_async(request))
            return
        refusal = endpoint.accept_websocket(request)
        if refusal is not None:
            self._write(refusal)
            return
        await super().get(*args, **kwargs)

    async def head(self, *args: Any, **kwargs: Any) -> None:
        if self._endpoint is not None:
            self._write(await self._endpoint.respond_async(translate_request(self.request)))

    async def post(self, *args: Any, **kwargs: Any) -> None:
        if self._endpoint is not None:
            self._write(await self._endpoint.respond_async(translate_request(self.request)))

    async def options(self, *args: Any, **kwargs: Any) -> None:
        """CORS preflight of the HTTP transport (answered by the endpoint's origin rules)."""
        await self.post(*args, **kwargs)

    # ----------------------------------------------------------------- WebSocket
    async def open(self, *args: Any, **kwargs: Any) -> None:
        # A coroutine: resuming another worker's session may wait on the bus, off the loop (Tornado
        # delivers no message before open returns).
        self.set_nodelay(True)
        assert self._endpoint is not None
        peer = TornadoPeer(self)
        request = translate_request(self.request)
        self._bridge = await self._endpoint.open_websocket_async(request, peer)
        if self._bridge is None:
            asyncio.ensure_future(send_gone(peer, self._endpoint.gone_frame(request)))

    def on_message(self, message: Any) -> Optional[Awaitable[None]]:
        # A task while a chunk travels to another worker's session: Tornado reads on once it is done.
        if self._bridge is None:
            return None
        if isinstance(message, bytes):
            return self._bridge.receive_bytes(message)
        return self._bridge.receive_text(message)

    def on_close(self) -> None:
        if self._bridge is not None and self._endpoint is not None:
            self._endpoint.websocket_closed(self._bridge)
            self._bridge = None


def webio_handler(applications: Any, cdn: Any = False, reconnect_timeout: float = 0,
                  allowed_origins: Optional[list[str]] = None, check_origin: Any = None,
                  max_payload_size: Any = _DEFAULT_PAYLOAD, *, transport: Optional[str] = None,
                  protocol: Optional[str] = None, session_expire_seconds: Optional[float] = None,
                  session_cleanup_interval: Optional[float] = None, debug: bool = False, bus: Any = None,
                  **endpoint_options: Any) -> type[WebioRequestHandler]:
    """A Tornado ``RequestHandler`` class serving the app(s) at the URL you route to it.

    ``transport``: ``'websocket'`` (default) or ``'http'``; ``protocol`` is its older name.
    ``bus``: a URL (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by several server
    processes (default ``$WEBIO_BUS``, else this process only; see docs/deployment.md).

    Example::

        app = tornado.web.Application([(r"/tool", webio_handler(main, transport="http"))])
    """
    endpoint = WebioEndpoint(applications, backend="tornado", protocol=choose_transport(transport, protocol),
                             cdn=cdn, reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size,
                             session_expire_seconds=session_expire_seconds,
                             session_cleanup_interval=session_cleanup_interval, debug=debug, bus=bus,
                             **endpoint_options)
    return type("WebioHandler", (WebioRequestHandler,), {"endpoint": endpoint})


def http_webio_handler(applications: Any, cdn: Any = False, session_expire_seconds: Optional[float] = None,
                       session_cleanup_interval: Optional[float] = None,
                       allowed_origins: Optional[list[str]] = None, check_origin: Any = None,
                       max_payload_size: Any = _DEFAULT_PAYLOAD, **options: Any) -> type[WebioRequestHandler]:
    """Like ``webio_handler``, with the HTTP transport (for proxies that block WebSocket)."""
    return webio_handler(applications, cdn=cdn, allowed_origins=allowed_origins, check_origin=check_origin,
                         max_payload_size=max_payload_size, transport="http",
                         session_expire_seconds=session_expire_seconds,
                         session_cleanup_interval=session_cleanup_interval, **options)
