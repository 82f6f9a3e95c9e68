"""Several webio workers in one process, sharing a bus: test an app as a multi-process deployment.

``workers(app, n=2, bus=URL)`` starts ``n`` endpoints (each its own worker id, as ``n`` server
processes would have) behind one real Tornado server on a free port, in a thread. Every request
goes to the next worker in turn (``route='round-robin'``), or always to a worker that does not own
the request's session (``route='wrong'``), so each request of a tab crosses the bus. Drive it
with ``connect(cluster.url)`` (webio.testing) or a browser:

    with workers(app, n=2, bus="redis://127.0.0.1:6379/0", transport="http") as cluster:
        client = connect(cluster.url, transport="http")
        client.submit({"name": "Ada"})
        assert "Hello, Ada" in client.text and min(cluster.served) > 0

``bus=None`` gives each worker no shared bus (what several processes without ``WEBIO_BUS`` do):
a request that lands on a worker other than its session's owner is refused with a message.
"""
from __future__ import annotations

import asyncio
import itertools
import threading
from types import TracebackType
from typing import Any, ClassVar, Optional

from ..bus.base import Bus
from ..bus.config import resolve_bus
from ..bus.memory import InProcessBus
from ..bus.routing import RoutingRegistry
from ..session.ids import new_worker_id, owner_of
from ..tornado.handler import WebioRequestHandler, translate_request
from ..tornado.server import WebioServer, build_application
from ..transport.endpoint import WebioEndpoint

ROUTES = ("round-robin", "wrong")


class Workers:
    """``n`` endpoints of ``app`` sharing ``bus``, served at ``url`` (see the module docstring)."""

    def __init__(self, app: Any, n: int = 2, *, bus: Any = None, transport: str = "websocket",
                 route: str = "round-robin", **endpoint_options: Any) -> None:
        if n < 1:
            raise ValueError(f"workers() needs n >= 1 workers, got {n}")
        if route not in ROUTES:
            raise ValueError(f"route must be one of {ROUTES}, got {route!r}")
        self.route = route
        self.bus: Optional[Bus] = None if bus is None else (InProcessBus() if bus == "memory" else resolve_bus(bus))
        self.registries = [self._registry() for _ in range(n)]
        self.endpoints = [WebioEndpoint(app, backend="tornado", protocol=transport, registry=registry,
                                        **endpoint_options) for registry in self.registries]
        self.served = [0] * n  # requests each worker answered
        self._turn = itertools.count()
        self._lock = threading.Lock()
        self._server: Optional[WebioServer] = None
        self._thread: Optional[threading.Thread] = None

    def _registry(self) -> RoutingRegistry:
        if self.bus is None:  # each worker alone
            return RoutingRegistry(InProcessBus(), worker_id=new_worker_id())
        return RoutingRegistry(self.bus, worker_id=new_worker_id(), start=True)

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the workers first (or use them in a with block)"
        return f"http://127.0.0.1:{self._server.port}/"

    def pick(self, session_id: Optional[str]) -> WebioEndpoint:
        """The worker for the next request of ``session_id`` (None: a new tab)."""
        owner = owner_of(session_id) if session_id else None
        with self._lock:
            candidates = list(range(len(self.endpoints)))
            if self.route == "wrong" and owner is not None and len(candidates) > 1:
                candidates = [i for i in candidates if self.registries[i].worker_id != owner]
            index = candidates[next(self._turn) % len(candidates)]
            self.served[index] += 1
        return self.endpoints[index]

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> Workers:
        """Serve on a free port of 127.0.0.1 from a thread; returns once listening."""
        cluster = self

        class RoutedHandler(WebioRequestHandler):
            def find_endpoint(self, *path_args: str) -> Optional[WebioEndpoint]:
                request = translate_request(self.request)
                return cluster.pick(request.headers.get("Webio-Session-Id") or request.query.get("session"))

            workers: ClassVar[Workers] = cluster

        server = self._server = WebioServer(lambda: build_application([(r"/", RoutedHandler)]),
                                            lambda: list(self.endpoints), host="127.0.0.1")
        ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(server.run(lambda _: ready.set())),
                                        name="webio-workers", daemon=True)
        self._thread.start()
        if not ready.wait(30):
            raise RuntimeError("the workers' server did not start within 30 seconds")
        return self

    def close(self) -> None:
        """Stop the server: every worker closes its sessions and leaves the bus; then the bus closes."""
        if self._server is not None and self._thread is not None:
            self._server.request_stop()
            self._thread.join(30)
        else:
            for endpoint in self.endpoints:
                endpoint.close()
        if self.bus is not None:
            self.bus.close()

    def __enter__(self) -> Workers:
        return self.start()

    def __exit__(self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()


def workers(app: Any, n: int = 2, *, bus: Any = None, transport: str = "websocket", route: str = "round-robin",
            **endpoint_options: Any) -> Workers:
    """``n`` workers of ``app`` sharing ``bus`` behind one URL; use in a ``with`` block.

        with workers(app, n=2, bus=redis_url) as cluster:
            client = connect(cluster.url)
    """
    return Workers(app, n, bus=bus, transport=transport, route=route, **endpoint_options)
