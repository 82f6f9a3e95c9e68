"""One webio endpoint: the apps, their settings, and the answer to every request at their URL.

A plugin builds one ``WebioEndpoint`` and forwards requests to it (see docs/protocol.md, "One URL
per app"): ``respond`` / ``respond_async`` answer page, asset and HTTP-transport requests;
``accept_websocket`` decides an upgrade and ``open_websocket`` joins an accepted socket to a
session. The endpoint holds no framework object beyond the request it is handed.
"""
from __future__ import annotations

import inspect
import json
import logging
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ..config import app_config
from ..protocol import Chunk, ChunkAssembler, ClientMessage, parse_size
from ..session.base import Session
from ..session.coroutinebased import CoroutineSession
from ..session.info import SessionInfo
from ..session.registry import LocalSessionRegistry, SessionRegistry
from ..session.threadbased import ThreadSession
from .apps import Applications, make_applications
from .base import HttpRequest, HttpResponse
from .origin import origin_allowed
from .static import serve_static

logger = logging.getLogger("webio.server")

STATIC_PARAM = "_webio_static"
TRANSPORT_PARAM = "_webio"


@dataclass
class EndpointSettings:
    """The options of manual §4.5, with the same meaning in every plugin."""

    cdn: Union[bool, str, None] = False
    reconnect_timeout: float = 0
    allowed_origins: Sequence[str] = ()
    check_origin: Optional[Callable[[str], bool]] = None
    max_payload_size: int = 200 * 1024 * 1024
    session_expire_seconds: float = 600
    session_cleanup_interval: float = 300
    debug: bool = False
    http_poll_cap: float = 20.0
    http_react_cap: float = 2.0
    # Blocking (WSGI) long polls held at once; more are answered at once, so the server's threads
    # stay free for other requests. Keep it below the server's thread count.
    http_max_held_polls: int = 8

    @property
    def cdn_url(self) -> Optional[str]:
        """``cdn=True``/``False``: serve assets ourselves (offline); a string: that URL prefix."""
        if isinstance(self.cdn, str) and self.cdn:
            return self.cdn if self.cdn.endswith("/") else self.cdn + "/"
        return None


class HeldPolls:
    """How many blocking long polls an endpoint holds now (under WSGI each keeps a server thread)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def claim(self, limit: int) -> bool:
        """Count one more held poll, unless ``limit`` are held already (then False)."""
        with self._lock:
            if self._count >= limit:
                return False
            self._count += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._count -= 1

    @property
    def count(self) -> int:
        return self._count


class SessionChunks:
    """The chunk assembler of each HTTP-transport session (one event at a time per session, see
    webio.protocol.chunks). Each session's chunks are joined under its own lock, so one large event
    does not hold up the requests of other sessions."""

    def __init__(self, max_size: int) -> None:
        self._max_size = max_size
        self._by_session: weakref.WeakKeyDictionary[Session, tuple[ChunkAssembler, threading.Lock]] = (
            weakref.WeakKeyDictionary())
        self._lock = threading.Lock()

    def add(self, session: Session, chunk: Chunk) -> Optional[ClientMessage]:
        """Give ``chunk`` to the session's assembler; the event once complete (see ChunkAssembler.add)."""
        with self._lock:
            entry = self._by_session.get(session)
            if entry is None:
                entry = self._by_session[session] = (ChunkAssembler(self._max_size), threading.Lock())
        assembler, lock = entry
        with lock:
            return assembler.add(chunk)


def json_response(payload: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return HttpResponse(status, body, {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"})


def text_response(status: int, text: str) -> HttpResponse:
    return HttpResponse(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


class WebioEndpoint:
    """Serve a set of apps at one URL with one transport (``'websocket'`` or ``'http'``)."""

    def __init__(self, applications: Any, *, backend: str, protocol: str = "websocket",
                 registry: Optional[SessionRegistry] = None, cdn: Union[bool, str, None] = False,
                 reconnect_timeout: float = 0, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 max_payload_size: Union[int, str] = "200M",
                 session_expire_seconds: Optional[float] = None,
                 session_cleanup_interval: Optional[float] = None, debug: bool = False,
                 http_max_held_polls: int = 8) -> None:
        if protocol not in ("websocket", "http"):
            raise ValueError(f"protocol must be 'websocket' or 'http', got {protocol!r}")
        self.apps: Applications = make_applications(applications)
        self.backend = backend
        self.protocol = protocol
        self.registry: SessionRegistry = registry if registry is not None else LocalSessionRegistry()
        self.settings = EndpointSettings(
            cdn=cdn, reconnect_timeout=float(reconnect_timeout or 0),
            allowed_origins=tuple(allowed_origins or ()), check_origin=check_origin,
            max_payload_size=parse_size(max_payload_size),
            session_expire_seconds=float(session_expire_seconds or 600),
            session_cleanup_interval=float(session_cleanup_interval or 300), debug=debug,
            http_max_held_polls=int(http_max_held_polls),
        )
        self._last_cleanup = time.monotonic()
        # WebSocket state of this process: the socket serving each session, and the timers of
        # sessions waiting for their tab to reconnect.
        self.ws_bridges: dict[str, Any] = {}
        self.ws_timers: dict[str, Any] = {}
        self.held_polls = HeldPolls()  # HTTP transport, blocking servers (see transport/http.py)
        self.http_chunks = SessionChunks(self.settings.max_payload_size)

    # ----------------------------------------------------------------- requests
    def kind_of(self, request: HttpRequest) -> str:
        """'static', 'http' (transport), 'websocket', or 'page'."""
        if STATIC_PARAM in request.query:
            return "static"
        if request.method == "OPTIONS":
            return "preflight"
        if request.method == "POST" and request.query.get(TRANSPORT_PARAM) == "http":
            return "http"
        if (request.headers.get("Upgrade") or "").lower() == "websocket":
            return "websocket"
        return "page"

    def respond(self, request: HttpRequest) -> HttpResponse:
        """Answer a page, asset or HTTP-transport request (blocking; for WSGI frameworks)."""
        kind = self.kind_of(request)
        if kind == "http":
            from .http import http_exchange

            return self.with_cors(request, http_exchange(self, request))
        return self._respond_plain(request, kind)

    async def respond_async(self, request: HttpRequest) -> HttpResponse:
        """Answer a page, asset or HTTP-transport request (for asyncio frameworks)."""
        kind = self.kind_of(request)
        if kind == "http":
            from .http import http_exchange_async

            return self.with_cors(request, await http_exchange_async(self, request))
        return self._respond_plain(request, kind)

    def _respond_plain(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind == "preflight":
            return self.preflight(request)
        if kind == "static":
            return serve_static(request.query.get(STATIC_PARAM, ""), bool(request.query.get("v")),
                                request.headers.get("Accept-Encoding") or "")
        if kind == "websocket":
            return text_response(400, "This URL expects a WebSocket handshake through a server that supports it.")
        if request.method not in ("GET", "HEAD"):
            return text_response(405, "Method not allowed")
        return self.page(request)

    def page(self, request: HttpRequest) -> HttpResponse:
        from ..page import browser_language, render_page

        name = self.apps.resolve(request.query.get("app"))
        if name is None:
            names = ", ".join(sorted(self.apps.names)) or "none"
            return text_response(404, f"No app named {request.query.get('app')!r} here. Apps: {names}")
        settings = app_config(self.apps.get(name))
        html = render_page(
            app_name=name, transport=self.protocol,
            title=settings.get("title"), description=settings.get("description"),
            theme=settings.get("theme"), js_file=settings.get("js_file", ()), js_code=settings.get("js_code"),
            css_file=settings.get("css_file", ()), css_style=settings.get("css_style"),
            cdn=self.settings.cdn_url, reconnect_timeout=self.settings.reconnect_timeout,
            http_poll_wait=self.settings.http_poll_cap, debug=self.settings.debug,
            max_payload_size=self.settings.max_payload_size,
            browser_lang=browser_language(request.headers.get("Accept-Language")),
        )
        return HttpResponse(200, html.encode(), {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"})

    # ----------------------------------------------------------------- origin and sessions
    def preflight(self, request: HttpRequest) -> HttpResponse:
        """Answer a browser's CORS preflight for the HTTP transport from an allowed origin."""
        if not request.headers.get("Origin"):  # a plain OPTIONS: say what this URL answers
            return HttpResponse(204, b"", {"Allow": "GET, HEAD, POST, OPTIONS"})
        if not self.origin_ok(request):
            return text_response(403, "Cross-origin request refused")
        return self.with_cors(request, HttpResponse(204, b"", {
            "Allow": "GET, HEAD, POST, OPTIONS",
            "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Webio-Session-Id",
            "Access-Control-Max-Age": "600",
        }))

    def with_cors(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Let an allowed cross-origin page read the response (the origin was checked already)."""
        origin = request.headers.get("Origin")
        if origin and response.status < 400:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response

    def origin_ok(self, request: HttpRequest) -> bool:
        host = request.headers.get("Host") or ""
        forwarded_host = request.headers.get("X-Forwarded-Host")
        ok = origin_allowed(request.headers.get("Origin"), host, self.settings.allowed_origins, self.settings.check_origin)
        if not ok and forwarded_host:
            ok = origin_allowed(request.headers.get("Origin"), forwarded_host.split(",")[0].strip(),
                                self.settings.allowed_origins, self.settings.check_origin)
        if not ok:
            logger.warning("refused a request from origin %r (host %r): add it to allowed_origins to accept it",
                           request.headers.get("Origin"), host)
        return ok

    def session_info(self, request: HttpRequest) -> SessionInfo:
        return SessionInfo.from_headers(request.headers, user_ip=request.remote_ip, backend=self.backend,
                                        protocol=self.protocol, request=request.native)

    def create_session(self, app_name: Optional[str], info: SessionInfo) -> Optional[Session]:
        """Start a new session of the app named in the request (None if there is no such app)."""
        name = self.apps.resolve(app_name)
        if name is None:
            return None
        func = self.apps.get(name)
        session: Session
        if inspect.iscoroutinefunction(func):
            session = CoroutineSession(func, info, debug=self.settings.debug)
        else:
            session = ThreadSession(func, info, debug=self.settings.debug)
        self.registry.add(session)
        session.send("set_session_id", session.id)
        session.start()
        return session

    def cleanup(self, now: Optional[float] = None) -> None:
        """Close sessions idle longer than ``session_expire_seconds``, at most once per interval."""
        now = time.monotonic() if now is None else now
        if now - self._last_cleanup < self.settings.session_cleanup_interval:
            return
        self._last_cleanup = now
        expired = self.registry.expire(self.settings.session_expire_seconds, now)
        if expired:
            logger.info("closed %d expired sessions", len(expired))

    # ----------------------------------------------------------------- websocket
    def accept_websocket(self, request: HttpRequest) -> Optional[HttpResponse]:
        """None to accept the upgrade, or the response refusing it."""
        if not self.origin_ok(request):
            return text_response(403, "Cross-origin WebSocket refused")
        if self.apps.resolve(request.query.get("app")) is None:
            return text_response(404, "No such app")
        return None

    def open_websocket(self, request: HttpRequest, peer: Any, loop: Any = None) -> Any:
        """Join an accepted socket to a new or resumed session; returns its ``WebSocketBridge``."""
        from .websocket import WebSocketBridge

        return WebSocketBridge.open(self, request, peer, loop)

    def __repr__(self) -> str:
        return f"<WebioEndpoint {self.backend} {self.protocol} apps={sorted(self.apps.names)}>"


def endpoint_kwargs(options: Mapping[str, Any]) -> dict[str, Any]:
    """Pick the endpoint options out of a plugin's keyword arguments."""
    keys = ("cdn", "reconnect_timeout", "allowed_origins", "check_origin", "max_payload_size",
            "session_expire_seconds", "session_cleanup_interval", "debug", "registry", "http_max_held_polls")
    return {key: options[key] for key in keys if key in options}
