"""Running a Tornado application for webio: listen, announce the URL, shut down cleanly.

``WebioServer`` owns one ``HTTPServer`` and the endpoints it serves. ``serve_forever`` runs it in
the calling thread until SIGINT/SIGTERM; ``start_in_thread`` runs it on a daemon thread (script
mode, tests). Shutting down closes every session first, so open tabs show the closed state.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import threading
from typing import Any, Callable, Iterable, Optional, Union

import tornado.httpserver
import tornado.netutil
import tornado.web

from ..transport import WebioEndpoint
from ..transport.policy import server_message_limit
from ..transport.settings import DEFAULT_MAX_PAYLOAD_SIZE, EndpointSettings

logger = logging.getLogger("webio.server")

Endpoints = Callable[[], Iterable[WebioEndpoint]]
SERVER_OPTIONS = ("xheaders", "ssl_options", "idle_connection_timeout", "body_timeout", "no_keep_alive")
SHUTDOWN_GRACE = 1.0


def display_url(host: str, port: int, scheme: str = "http") -> str:
    """The URL to show for a server bound to ``host`` (all interfaces → localhost)."""
    shown = "localhost" if host in ("", "0.0.0.0", "::", None) else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"{scheme}://{shown}:{port}/"


# Tornado's body limit sits above webio's, so webio answers an oversized HTTP-transport request
# with 413 (as every plugin does) instead of Tornado answering 400.
SIZE_SLACK = 1024 * 1024


def build_application(routes: list[Any], *, static_dir: Optional[str] = None, debug: bool = False,
                      max_payload_size: Union[int, str] = DEFAULT_MAX_PAYLOAD_SIZE,
                      **settings: Any) -> tornado.web.Application:
    """A Tornado application with the webio routes, ``static_dir`` at ``/static/`` and size limits."""
    handlers = list(routes)
    if static_dir is not None:
        handlers.insert(0, (r"/static/(.*)", tornado.web.StaticFileHandler, {"path": static_dir}))
    limit = EndpointSettings.parse(max_payload_size=max_payload_size).max_payload_size
    settings.setdefault("websocket_max_message_size", server_message_limit(limit))
    settings.setdefault("websocket_ping_interval", 30)
    return tornado.web.Application(handlers, debug=debug, **settings)


# At shutdown, the moment given to held long polls to answer with their sessions' closing frames.
HELD_POLL_ANSWER = 0.2


class WebioServer:
    """One listening Tornado server and the webio endpoints behind it."""

    def __init__(self, make_app: Callable[[], tornado.web.Application], endpoints: Endpoints, *,
                 port: int = 0, host: str = "", max_payload_size: Union[int, str] = DEFAULT_MAX_PAYLOAD_SIZE,
                 cleanup_interval: Optional[float] = None, **server_options: Any) -> None:
        self.make_app = make_app
        self.endpoints = endpoints
        self.host = host or ""
        self.requested_port = int(port or 0)
        self.port = 0
        self.max_body_size = EndpointSettings.parse(max_payload_size=max_payload_size).max_payload_size + SIZE_SLACK
        self.cleanup_interval = cleanup_interval
        self.server_options = server_options
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self._http: Optional[tornado.httpserver.HTTPServer] = None
        self._stopped: Optional[asyncio.Event] = None
        self._draining = False

    @property
    def url(self) -> str:
        scheme = "https" if self.server_options.get("ssl_options") else "http"
        return display_url(self.host, self.port, scheme)

    async def start(self) -> int:
        """Listen (on a free port when the port is 0); returns the port."""
        self.loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        sockets = tornado.netutil.bind_sockets(self.requested_port, self.host or None)
        self.port = sockets[0].getsockname()[1]
        self._http = tornado.httpserver.HTTPServer(self.make_app(), max_body_size=self.max_body_size,
                                                   **self.server_options)
        self._http.add_sockets(sockets)
        if self.cleanup_interval:
            self.loop.create_task(self._cleanup_periodically(self.cleanup_interval))
        return self.port

    async def _cleanup_periodically(self, interval: float) -> None:
        assert self._stopped is not None
        while not self._stopped.is_set():
            await asyncio.sleep(interval)
            for endpoint in self.endpoints():
                endpoint.cleanup()

    async def drain_then_shutdown(self) -> None:
        """A graceful stop (SIGTERM): stop taking new sessions (readiness probes answer 503) while
        still listening, serve the open ones until they end or each endpoint's ``drain_timeout``
        passes, then ``shutdown``. Asked again meanwhile: shut down at once."""
        if self._draining:
            await self.shutdown()
            return
        self._draining = True
        endpoints = list(self.endpoints())
        for endpoint in endpoints:
            endpoint.start_draining()
        await asyncio.gather(*(endpoint.adrain() for endpoint in endpoints))
        await self.shutdown()

    async def shutdown(self) -> None:
        """Close every session (tabs show the closed state), then stop listening."""
        if self._http is None:
            return
        for endpoint in self.endpoints():  # probes answer 503 from now on, before the port closes
            endpoint.draining = True
        await asyncio.gather(*(endpoint.aclose(SHUTDOWN_GRACE) for endpoint in self.endpoints()))
        # Still listening: held HTTP polls send the closing frames they were woken for, and a tab
        # between two polls gets in to learn that its session closed (not "connection refused").
        await asyncio.sleep(HELD_POLL_ANSWER)
        self._http.stop()
        await self._http.close_all_connections()
        self._http = None
        if self._stopped is not None:
            self._stopped.set()

    def request_stop(self) -> None:
        """Ask the server to shut down (from any thread)."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(lambda: self.loop.create_task(self.shutdown()))  # type: ignore[union-attr]

    async def run(self, on_ready: Optional[Callable[[WebioServer], None]] = None) -> None:
        await self.start()
        assert self._stopped is not None
        if on_ready is not None:
            on_ready(self)
        await self._stopped.wait()

    def serve_forever(self, on_ready: Optional[Callable[[WebioServer], None]] = None) -> None:
        """Run in the calling thread until Ctrl+C / SIGTERM."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("start_server() blocks, so it cannot run inside a running event loop (e.g. a "
                               "notebook or an async app): use WebioServer(...).start_in_thread(), or "
                               "mount webio_handler() in your own Tornado application")
        async def main() -> None:
            _install_signal_handlers(self)
            await self.run(on_ready)

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass

    def start_in_thread(self, name: str = "webio-server") -> WebioServer:
        """Run on a daemon thread; return once listening (``self.port`` is set)."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def target() -> None:
            try:
                asyncio.run(self.run(lambda _: ready.set()))
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
                ready.set()

        threading.Thread(target=target, name=name, daemon=True).start()
        ready.wait()
        if failure:
            raise failure[0]
        return self


def _install_signal_handlers(server: WebioServer) -> None:
    loop = asyncio.get_running_loop()
    # Ctrl+C stops at once; SIGTERM (a process manager, a deploy) drains first (drain_timeout).
    for sig, stop in ((signal.SIGINT, server.shutdown), (signal.SIGTERM, server.drain_then_shutdown)):
        try:
            loop.add_signal_handler(sig, lambda stop=stop: loop.create_task(stop()))  # type: ignore[misc]
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            pass


def split_server_options(settings: dict[str, Any]) -> dict[str, Any]:
    """Take the ``HTTPServer`` options (``xheaders``, ``ssl_options``, …) out of app settings."""
    return {key: settings.pop(key) for key in SERVER_OPTIONS if key in settings}

