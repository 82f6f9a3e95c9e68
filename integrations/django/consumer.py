"""The WebSocket transport under Django Channels: one consumer per socket, one shared endpoint.

``WebioConsumer.as_asgi(applications=task)`` builds the endpoint once; every connection gets a
consumer instance that joins its socket to a session through the core's ``WebSocketBridge``
(the consumer is the bridge's peer: ``send_text`` → ``send``, ``close`` → ``close``).

``session.info.request`` is a Django ``HttpRequest`` built from the handshake (headers, cookies,
``GET``), with ``user`` and ``session`` copied from the scope when ``AuthMiddlewareStack`` /
``SessionMiddlewareStack`` wrap the router, and the raw ``scope`` attached.
"""
from __future__ import annotations

import io
import logging
from typing import Any, Optional
from urllib.parse import parse_qsl

from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.handlers.asgi import ASGIRequest
from django.urls import URLPattern, path

from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint
from webio.transport.websocket import WebSocketBridge, send_gone

from .conf import BACKEND, make_endpoint

logger = logging.getLogger("webio.django")


def django_request(scope: dict[str, Any]) -> ASGIRequest:
    """A Django request for a WebSocket handshake scope (as if it were a GET to the same URL)."""
    scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
    request = ASGIRequest({**scope, "type": "http", "method": "GET", "scheme": scheme}, io.BytesIO())
    for key in ("user", "session"):
        if key in scope:
            setattr(request, key, scope[key])
    request.scope = scope
    return request


def translate_scope(scope: dict[str, Any]) -> HttpRequest:
    """The core's view of a WebSocket handshake."""
    headers = CaseInsensitiveHeaders((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ()))
    client = scope.get("client") or ("", 0)
    return HttpRequest(
        method="GET", path=scope.get("path", "/"), query=dict(parse_qsl(scope.get("query_string", b"").decode())),
        headers=headers, remote_ip=str(client[0] or ""), scheme="https" if scope.get("scheme") == "wss" else "http",
        native=django_request(scope), backend=BACKEND,
    )


class WebioConsumer(AsyncWebsocketConsumer):
    """Serves webio apps over WebSocket. Route it at the URL of the page's view.

    Example (``asgi.py``)::

        websocket_urlpatterns = [path('tool/', WebioConsumer.as_asgi(applications=task))]

    A message over ``max_payload_size`` is dropped and the user gets a toast; the socket stays
    open. The server must let such messages through: daphne ``--websocket-max-message-size`` and
    ``--websocket-max-frame-size`` (1 MiB by default), uvicorn ``--ws-max-size`` (16 MiB).
    """

    endpoint: Optional[WebioEndpoint] = None

    def __init__(self, *args: Any, endpoint: Optional[WebioEndpoint] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if endpoint is not None:
            self.endpoint = endpoint
        self.bridge: Optional[WebSocketBridge] = None

    @classmethod
    def as_asgi(cls, *, applications: Any = None, endpoint: Optional[WebioEndpoint] = None,
                **options: Any) -> Any:
        """An ASGI app for one route; options as ``webio_view`` (over ``settings.WEBIO``)."""
        if endpoint is None:
            if applications is None and cls.endpoint is None:
                raise TypeError("WebioConsumer.as_asgi() needs applications=...: the app function(s) to serve")
            endpoint = cls.endpoint if applications is None else make_endpoint(applications, options, "websocket")
        return super().as_asgi(endpoint=endpoint)

    async def connect(self) -> None:
        assert self.endpoint is not None
        request = translate_scope(self.scope)
        refused = self.endpoint.accept_websocket(request)
        if refused is not None:
            await self.close()  # before accept: the server answers the handshake with HTTP 403
            return
        await self.accept()
        self.bridge = await self.endpoint.open_websocket_async(request, self)
        if self.bridge is None:
            await send_gone(self, self.endpoint.gone_frame(request))

    async def receive(self, text_data: Optional[str] = None, bytes_data: Optional[bytes] = None) -> None:
        if self.bridge is None:
            return
        joining = None
        if text_data is not None:
            joining = self.bridge.receive_text(text_data)
        elif bytes_data is not None:
            joining = self.bridge.receive_bytes(bytes_data)
        if joining is not None:  # a chunk on its way to another worker's session: the next message waits
            await joining

    async def disconnect(self, code: int) -> None:
        if self.bridge is not None and self.endpoint is not None:
            self.endpoint.websocket_closed(self.bridge)
            self.bridge = None

    async def send_text(self, text: str) -> None:
        """The bridge's way to send a frame."""
        await self.send(text_data=text)


def webio_websocket_path(route: str, applications: Any, **options: Any) -> URLPattern:
    """A Channels ``URLRouter`` entry for the consumer. Example::

        URLRouter([webio_websocket_path('tool/', task)])
    """
    return path(route, WebioConsumer.as_asgi(applications=applications, **options))
