"""Starlette requests and WebSockets in, core ``HttpRequest`` / ``WebSocketPeer`` out."""
from __future__ import annotations

from typing import AsyncIterator, Optional, Union

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from webio.transport import CaseInsensitiveHeaders, HttpRequest, HttpResponse

BACKEND = "starlette"


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
                       headers=CaseInsensitiveHeaders(request.headers.items()), body=body, remote_ip=_client_ip(request),
                       scheme=request.url.scheme, native=request, backend=BACKEND)


def translate_websocket(websocket: WebSocket) -> HttpRequest:
    """The core's view of a WebSocket handshake (``native`` is the ``WebSocket``)."""
    scheme = "https" if websocket.url.scheme == "wss" else "http"
    return HttpRequest(method="GET", path=websocket.url.path, query=dict(websocket.query_params),
                       headers=CaseInsensitiveHeaders(websocket.headers.items()), remote_ip=_client_ip(websocket), scheme=scheme,
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


async def incoming_texts(websocket: WebSocket) -> AsyncIterator[Union[str, bytes]]:
    """Text and binary messages until the browser disconnects (the core reads binary ones)."""
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
            yield message["bytes"]
