"""``webio.tornado``: the default server, and webio apps inside your own Tornado application.

Example::

    from webio.tornado import start_server, webio_handler

    start_server(main, port=8080)                      # a server of its own

    tornado.web.Application([(r"/tool", webio_handler(main))])   # inside an existing app
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from ..platform.browser import announce, warn_remote_access
from ..session.context import enter_server_mode
from ..transport import WebioEndpoint
from ..transport.choice import choose_transport
from ..transport.settings import take_limits
from .handler import TornadoPeer, WebioRequestHandler, http_webio_handler, translate_request, webio_handler
from .metrics_handler import metrics_route
from .server import WebioServer, build_application, split_server_options

__all__ = ["start_server", "webio_handler", "http_webio_handler", "WebioRequestHandler", "WebioServer",
           "TornadoPeer", "translate_request", "build_application", "serve_routes"]

logger = logging.getLogger("webio.server")


def start_server(applications: Any, port: int = 0, host: str = "", debug: bool = False,
                 cdn: Union[bool, str] = False, static_dir: Optional[str] = None, remote_access: bool = False,
                 reconnect_timeout: float = 0, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, transport: Optional[str] = None,
                 session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
                 *, protocol: Optional[str] = None, bus: Any = None, metrics: bool = False,
                 **tornado_app_settings: Any) -> None:
    """Serve the app(s) with Tornado until Ctrl+C (manual §4.5).

    ``transport``: ``'websocket'`` (default) or ``'http'`` (long polling, for proxies that block
    WebSocket); ``protocol`` is its older name. ``bus``: a URL (``"redis://host:6379/0"``) or
    ``webio.bus.Bus`` shared by several server processes (default: ``$WEBIO_BUS``, else none).
    ``metrics=True`` serves Prometheus metrics at ``/metrics`` (needs ``webio[metrics]``; see
    docs/operations.md).

    Example::

        start_server([index, report], port=8080)   # ?app=report picks an app
    """
    transport = choose_transport(transport, protocol)
    enter_server_mode()
    warn_remote_access(remote_access, logger)
    handler = webio_handler(applications, cdn=cdn, reconnect_timeout=reconnect_timeout,
                            allowed_origins=list(allowed_origins or ()), check_origin=check_origin,
                            max_payload_size=max_payload_size, transport=transport,
                            session_expire_seconds=session_expire_seconds,
                            session_cleanup_interval=session_cleanup_interval, debug=debug, bus=bus,
                            **take_limits(tornado_app_settings))
    endpoint = handler.endpoint
    assert endpoint is not None
    cleanup = endpoint.settings.session_cleanup_interval if transport == "http" else None
    routes: list[Any] = [metrics_route()] if metrics else []
    serve_routes([*routes, (r"/", handler)], lambda: [endpoint], cleanup_interval=cleanup, port=port, host=host,
                 debug=debug, static_dir=static_dir, auto_open_webbrowser=auto_open_webbrowser,
                 max_payload_size=max_payload_size, **tornado_app_settings)


def serve_routes(routes: list[Any], endpoints: Callable[[], Iterable[WebioEndpoint]], *,
                 cleanup_interval: Optional[float], port: int, host: str, debug: bool,
                 static_dir: Optional[str], auto_open_webbrowser: bool, max_payload_size: Union[int, str],
                 **tornado_app_settings: Any) -> None:
    """Run a Tornado server for ``routes`` in this thread until Ctrl+C / SIGTERM."""
    server_options = split_server_options(tornado_app_settings)

    def make_app() -> Any:
        return build_application(routes, static_dir=static_dir, debug=debug, max_payload_size=max_payload_size,
                                 **tornado_app_settings)

    server = WebioServer(make_app, endpoints, port=port, host=host, max_payload_size=max_payload_size,
                         cleanup_interval=cleanup_interval, **server_options)
    server.serve_forever(on_ready=lambda s: announce(s.url, auto_open_webbrowser))
