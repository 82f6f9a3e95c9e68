"""One webio endpoint: the front door of a set of apps at one URL.

A plugin builds one ``WebioEndpoint`` and forwards requests to it (see docs/protocol.md, "One URL
per app"). The endpoint decides what a request is (page, asset, preflight, HTTP-transport exchange,
WebSocket upgrade), applies the policy every plugin shares (origin, body size, which transport this
URL speaks) and hands the request down to the part that owns its state: ``HttpTransport`` (held
polls, the expiry sweep) or ``WebSocketTransport`` (connections, resume timers), which reach
sessions through ``SessionPort`` only. ``close()`` / ``aclose()`` end everything at shutdown.

Example::

    endpoint = WebioEndpoint(task, backend="flask", protocol="http", max_payload_size="20M")
    response = endpoint.respond(request)      # an HttpRequest built by the plugin
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import AsyncIterable, Callable, Optional, Sequence, Union

from ..protocol.sizes import DEFAULT_MAX_BUFFERED_OUTPUT as _DEFAULT_BUFFERED
from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from ..config import app_config, page_title
from ..page import browser_language, render_page
from ..session.port import SessionRegistry
from ..bus.base import Bus
from ..bus.routing import RoutingRegistry, routing_registry
from .apps import Applications, AppsArgument, make_applications
from .base import HttpRequest, HttpResponse, WebSocketPeer
from .health import health_answer, health_check_of
from .http import HttpTransport
from .limits import (BUSY_TEXT, DRAINING_RETRY_SECONDS, RETRY_AFTER_SECONDS, TOO_MANY_CONNECTIONS_TEXT,
                     ConnectionCounter, SessionLimit, busy_page, localized)
from .origin import origin_allowed
from .policy import body_too_large, json_response, text_response
from .settings import DEFAULT_DRAIN_TIMEOUT, EndpointSettings, endpoint_kwargs
from .shutdown import track, watch_sigterm
from .starter import SessionStarter
from .static import serve_static
from .websocket import WebSocketBridge, WebSocketTransport

__all__ = ["WebioEndpoint", "EndpointSettings", "endpoint_kwargs", "json_response", "text_response",
           "STATIC_PARAM", "TRANSPORT_PARAM", "SHUTDOWN_GRACE"]

logger = logging.getLogger("webio.server")

STATIC_PARAM = "_webio_static"
TRANSPORT_PARAM = "_webio"
# At shutdown, how long ``aclose`` lets sockets send their closing frames.
SHUTDOWN_GRACE = 2.0
HTTP_ONLY_TEXT = "This app uses the HTTP transport: reload the page."


class WebioEndpoint:
    """Serve a set of apps at one URL with one transport (``'websocket'`` or ``'http'``).

    ``bus`` (a URL such as ``"redis://host:6379/0"`` or a ``webio.bus.Bus``; default ``$WEBIO_BUS``,
    else this process only) lets several worker processes serve each other's sessions;
    ``bus_setting`` is the name error messages give it. ``drain_timeout``: on a graceful stop, how
    long the worker keeps serving its open sessions (taking no new ones) before closing them
    (default 30 s with a bus, 0 without; see ``drain``).
    """

    starter_type: type[SessionStarter] = SessionStarter
    draining = False  # True once close() started: readiness probes answer 503 (transport/health.py)
    _signals_watched = False

    def __init__(self, applications: AppsArgument, *, backend: str, protocol: str = "websocket",
                 registry: Optional[SessionRegistry] = None, cdn: Union[bool, str, None] = False,
                 reconnect_timeout: float = 0, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD,
                 session_expire_seconds: Optional[float] = None,
                 session_cleanup_interval: Optional[float] = None, debug: bool = False,
                 http_max_held_polls: int = 8, max_buffered_output: Union[int, str] = _DEFAULT_BUFFERED,
                 max_sessions: Optional[int] = None, max_events_per_second: Optional[float] = None,
                 max_connections_per_ip: Optional[int] = None, bus: Union[str, Bus, None] = None,
                 bus_setting: str = "bus", drain_timeout: Optional[float] = None,
                 websocket_compression: bool = True) -> None:
        if protocol not in ("websocket", "http"):
            raise ValueError(f"protocol must be 'websocket' or 'http', got {protocol!r}")
        if registry is not None and bus is not None:
            raise TypeError("pass either registry= or bus= to an endpoint, not both "
                            "(a RoutingRegistry is built on a bus: RoutingRegistry(bus))")
        self.backend = backend
        self.protocol = protocol
        # bus= (a URL or a webio.bus.Bus), else $WEBIO_BUS, else this process only (no bus traffic).
        self.registry: SessionRegistry = registry if registry is not None else routing_registry(
            bus, setting_name=bus_setting)
        self.settings = EndpointSettings.parse(
            cdn=cdn, reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
            check_origin=check_origin, max_payload_size=max_payload_size,
            session_expire_seconds=session_expire_seconds, session_cleanup_interval=session_cleanup_interval,
            debug=debug, http_max_held_polls=http_max_held_polls, max_buffered_output=max_buffered_output,
            max_sessions=max_sessions, max_events_per_second=max_events_per_second,
            max_connections_per_ip=max_connections_per_ip, drain_timeout=drain_timeout,
            websocket_compression=websocket_compression)
        self.starter = self.starter_type(make_applications(applications), self.registry, self.settings)
        # One count per endpoint, whichever transport a connection or session uses (transport/limits.py).
        self.connections = ConnectionCounter(self.settings.max_connections_per_ip)
        self.sessions = SessionLimit(self.settings.max_sessions, lambda: len(self.registry))
        self.http = HttpTransport(self.settings, self.registry, self.starter, backend, self.connections, self.sessions)
        self.websocket = WebSocketTransport(self.settings, self.registry, self.starter, backend, self.connections,
                                            self.sessions)
        track(self)  # closed at interpreter exit if the server did not close it (transport/shutdown.py)

    @property
    def apps(self) -> Applications:
        return self.starter.apps

    @apps.setter
    def apps(self, apps: Applications) -> None:
        """Serve other app functions from now on (a reloaded app file); open sessions go on."""
        self.starter.apps = apps

    # ----------------------------------------------------------------- requests
    def kind_of(self, request: HttpRequest) -> str:
        """'static', 'preflight', 'http' (transport), 'health' (a probe), 'websocket', or 'page'."""
        if health_check_of(request, TRANSPORT_PARAM):
            return "health"
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
            return self.refuse_exchange(request) or self.with_cors(request, self.http.exchange(request))
        return self._respond_plain(request, kind)

    async def respond_async(self, request: HttpRequest) -> HttpResponse:
        """Answer a page, asset or HTTP-transport request (for asyncio frameworks)."""
        self._watch_signals()
        kind = self.kind_of(request)
        if kind == "http":
            return self.refuse_exchange(request) or self.with_cors(request, await self.http.exchange_async(request))
        return self._respond_plain(request, kind)

    def refuse_exchange(self, request: HttpRequest) -> Optional[HttpResponse]:
        """The response refusing an HTTP-transport request (origin, body size), or None to serve it."""
        if not self.origin_ok(request):
            return text_response(403, "Cross-origin request refused")
        if len(request.body) > self.settings.max_payload_size:
            return self.body_too_large()
        return None

    def body_too_large(self) -> HttpResponse:
        """The 413 for a body over ``max_payload_size`` (a plugin that stops reading at the limit
        answers with it, so the text is the same everywhere)."""
        return body_too_large(self.settings.max_payload_size)

    def _respond_plain(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind == "preflight":
            return self.preflight(request)
        if kind == "health":
            check = health_check_of(request, TRANSPORT_PARAM) or "health"
            return health_answer(check, len(self.registry), self.draining, check != "ready" or self.registry.ready())
        if kind == "static":
            return serve_static(request.query.get(STATIC_PARAM, ""), bool(request.query.get("v")),
                                request.headers.get("Accept-Encoding") or "")
        if kind == "websocket":
            return text_response(400, "This URL expects a WebSocket handshake through a server that supports it.")
        if request.method not in ("GET", "HEAD"):
            return text_response(405, "Method not allowed")
        return self.page(request)

    def page(self, request: HttpRequest) -> HttpResponse:
        name = self.apps.resolve(request.query.get("app"))
        if name is None:
            names = ", ".join(sorted(self.apps.names)) or "none"
            return text_response(404, f"No app named {request.query.get('app')!r} here. Apps: {names}")
        language = browser_language(request.headers.get("Accept-Language"))
        if self.sessions.full():  # the busy page loads itself again (soon when this worker is stopping)
            retry = DRAINING_RETRY_SECONDS if self.draining else RETRY_AFTER_SECONDS
            return _unavailable(localized(BUSY_TEXT, language or "en"), language or "en", retry)
        if self.connections.full(request.remote_ip):
            return _unavailable(localized(TOO_MANY_CONNECTIONS_TEXT, language or "en"), language or "en")
        settings = app_config(self.apps.get(name))
        html = render_page(
            app_name=name, transport=self.protocol,
            title=page_title(self.apps.get(name), name), description=settings.get("description"),
            theme=settings.get("theme"), js_file=settings.get("js_file", ()), js_code=settings.get("js_code"),
            css_file=settings.get("css_file", ()), css_style=settings.get("css_style"),
            cdn=self.settings.cdn_url, reconnect_timeout=self.settings.reconnect_timeout,
            http_poll_wait=self.settings.http_poll_cap, debug=self.settings.debug,
            max_payload_size=self.settings.max_payload_size,
            browser_lang=language,
        )
        return HttpResponse(200, html.encode(), {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"})

    # ----------------------------------------------------------------- origin
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

    # ----------------------------------------------------------------- websocket
    def accept_websocket(self, request: HttpRequest) -> Optional[HttpResponse]:
        """None to accept the upgrade, or the response refusing it (origin, transport, app)."""
        if not self.origin_ok(request):
            return text_response(403, "Cross-origin WebSocket refused")
        if self.protocol != "websocket":
            return text_response(400, HTTP_ONLY_TEXT)
        if self.apps.resolve(request.query.get("app")) is None:
            return text_response(404, "No such app")
        return None

    def open_websocket(self, request: HttpRequest, peer: WebSocketPeer,
                       loop: Optional[asyncio.AbstractEventLoop] = None) -> Optional[WebSocketBridge]:
        """Join an accepted socket to a new or resumed session (callback-style plugins): feed it
        ``bridge.receive_text`` / ``receive_bytes`` (await what they return before feeding the next
        message, if you can), then call ``websocket_closed(bridge)``. None if the session to resume
        is gone (send ``send_gone(peer, gone_frame(request))``)."""
        return self.websocket.open(request, peer, loop)

    async def open_websocket_async(self, request: HttpRequest, peer: WebSocketPeer) -> Optional[WebSocketBridge]:
        """``open_websocket`` for a coroutine (the plugin's loop): resuming another worker's session
        asks its owner over the bus in a thread, so the loop goes on serving other tabs meanwhile."""
        self._watch_signals()
        return await self.websocket.open_async(request, peer)

    def gone_frame(self, request: HttpRequest) -> str:
        """The frame for ``send_gone(peer, frame)`` when ``open_websocket`` answered None: why the
        tab's session is out of reach (e.g. no shared bus between workers), then the end."""
        return self.websocket.gone_frame(request)

    def websocket_closed(self, bridge: WebSocketBridge) -> None:
        """The socket of ``bridge`` closed (callback-style plugins)."""
        self.websocket.disconnected(bridge)

    async def serve_websocket(self, request: HttpRequest, peer: WebSocketPeer,
                              messages: AsyncIterable[Union[str, bytes]]) -> None:
        """Run one accepted socket to its end (iterator-style plugins); ``messages`` yields its messages."""
        self._watch_signals()
        await self.websocket.serve(request, peer, messages)

    def _watch_signals(self) -> None:
        """Once, from the server's loop: hook SIGTERM again, in front of the handler the server
        installed after this endpoint was made (uvicorn, aiohttp's run_app), so draining (readiness
        503, no new tabs) starts with the signal rather than once the server stopped listening."""
        if not self._signals_watched:
            self._signals_watched = True
            watch_sigterm()

    # ----------------------------------------------------------------- graceful stop
    @property
    def drain_seconds(self) -> float:
        """How long ``drain`` waits: ``drain_timeout``, else 30 s with a shared bus, else 0."""
        if self.settings.drain_timeout is not None:
            return self.settings.drain_timeout
        shared = isinstance(self.registry, RoutingRegistry) and self.registry.shared
        return DEFAULT_DRAIN_TIMEOUT if shared else 0.0

    def start_draining(self) -> None:
        """The worker is stopping: readiness probes answer 503 and new tabs are refused (a busy page);
        open sessions go on. Idempotent."""
        if self.draining:
            return
        self.draining = True
        self.sessions.draining = True
        logger.info("draining: no new sessions here; %d open session(s) served for up to %g s", len(self.registry),
                    self.drain_seconds)

    def drain(self, timeout: Optional[float] = None) -> bool:
        """``start_draining``, then wait until this worker's sessions ended or ``timeout`` seconds
        (default ``drain_seconds``) passed; True if none is left. Blocking (WSGI servers, at exit)."""
        self.start_draining()
        deadline = time.monotonic() + (self.drain_seconds if timeout is None else timeout)
        while len(self.registry) and time.monotonic() < deadline:
            time.sleep(0.1)
        return not len(self.registry)

    async def adrain(self, timeout: Optional[float] = None) -> bool:
        """``drain`` for asyncio servers (the loop goes on serving meanwhile)."""
        self.start_draining()
        deadline = time.monotonic() + (self.drain_seconds if timeout is None else timeout)
        while len(self.registry) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return not len(self.registry)

    # ----------------------------------------------------------------- sessions
    def cleanup(self, now: Optional[float] = None) -> None:
        """Close sessions idle longer than ``session_expire_seconds``, at most once per interval."""
        self.http.sweep(now)

    def close(self) -> None:
        """End everything (server shutdown): resume timers stop, every session closes (its tab is
        told, its deferred calls run). Plugins call this, or ``aclose``, and nothing else."""
        self.draining = True
        self.http.close()
        self.websocket.close()
        if isinstance(self.registry, RoutingRegistry):
            self.registry.close()  # this worker leaves the bus: the others notice at once
        else:
            self.registry.close_all()

    async def aclose(self, grace: float = SHUTDOWN_GRACE) -> None:
        """``close()``, then wait up to ``grace`` seconds for sockets to send their closing frames."""
        self.close()
        await self.websocket.until_flushed(grace)

    def __repr__(self) -> str:
        return f"<WebioEndpoint {self.backend} {self.protocol} apps={sorted(self.apps.names)}>"


def _unavailable(text: str, language: str, retry_seconds: Optional[int] = None) -> HttpResponse:
    """The 503 page of a server past one of its limits (max_sessions, max_connections_per_ip, or
    stopping); with ``retry_seconds`` the page loads itself again after that long."""
    return HttpResponse(503, busy_page(text, language, retry_seconds), {
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
        "Retry-After": str(retry_seconds or RETRY_AFTER_SECONDS)})
