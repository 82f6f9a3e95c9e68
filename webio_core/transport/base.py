"""The seam between the core and a web framework.

A plugin translates its framework's request into an ``HttpRequest`` and sends back the
``HttpResponse`` the core returns; for WebSocket it hands the core a ``WebSocketPeer`` (how to
send a text frame and how to close). Nothing here knows a framework.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Iterable, Mapping, Optional, Protocol, Union


class Headers(Protocol):
    """Any case-insensitive header mapping (the frameworks' own header objects fit)."""

    def get(self, key: str, default: Optional[str] = None, /) -> Optional[str]: ...


class CaseInsensitiveHeaders(dict[str, str]):
    """A plain mapping of headers looked up without regard to case."""

    def __init__(self, items: Union[Mapping[str, str], Iterable[tuple[str, str]]] = ()) -> None:
        super().__init__()
        pairs = items.items() if hasattr(items, "items") else items
        for key, value in pairs:
            super().__setitem__(str(key).lower(), value)

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:  # type: ignore[override, unused-ignore]
        return super().get(key.lower(), default)  # type: ignore[no-any-return, unused-ignore]

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


@dataclass
class HttpRequest:
    """A request as the core sees it. ``native`` is the framework's own request object.

    ``can_hold`` says whether the server can keep this request open cheaply (asyncio, or a WSGI
    server with other threads: ``environ['wsgi.multithread']``). When False, holding it would stall
    the whole server, so the HTTP transport answers long polls at once.
    """

    method: str
    path: str
    query: Mapping[str, str]
    headers: Headers
    body: bytes = b""
    remote_ip: str = ""
    scheme: str = "http"
    native: object = None
    backend: str = ""
    can_hold: bool = True


@dataclass
class HttpResponse:
    """A response for the plugin to send: status, headers, body."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "application/octet-stream")


class WebSocketPeer(Protocol):
    """One accepted WebSocket connection, as the plugin exposes it to the core (async)."""

    def send_text(self, text: str) -> Awaitable[None]: ...

    def close(self, code: int = 1000) -> Awaitable[None]: ...
