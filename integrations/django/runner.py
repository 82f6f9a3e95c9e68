"""``start_server``: run webio apps on Django, with daphne (WebSocket) or Django's WSGI server (HTTP)."""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional, Sequence, Union

from webio.platform.browser import announce
from webio.transport.policy import server_message_limit
from webio.transport.settings import DEFAULT_MAX_PAYLOAD_SIZE, EndpointSettings
from webio.transport.shutdown import close_open_endpoints, sigterm_interrupts

from .server import asgi_app, wsgi_app

logger = logging.getLogger("webio.django")


def start_server(applications: Any, port: int = 8080, host: str = "", cdn: Union[bool, str] = False,
                 static_dir: Optional[str] = None, remote_access: bool = False,
                 allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
                 debug: bool = False, max_payload_size: Union[int, str] = DEFAULT_MAX_PAYLOAD_SIZE, reconnect_timeout: float = 0,
                 transport: str = "websocket", *, bus: Any = None, **django_options: Any) -> None:
    """Serve ``applications`` until stopped (manual §4.5 options; ``django_options`` are settings).

    ``transport='websocket'`` (default) runs daphne with ``asgi_app``; ``transport='http'`` runs
    Django's threaded WSGI server with ``wsgi_app``. ``bus``: shared by several server processes
    (a URL such as ``"redis://host:6379/0"``; default ``settings.WEBIO["bus"]``, ``$WEBIO_BUS``).
    Example::

        start_server(main, port=8080)
    """
    if remote_access:
        logger.warning("remote_access is not supported by webio.django: expose the port through your own "
                       "tunnel or reverse proxy instead")
    common = dict(cdn=cdn, static_dir=static_dir, allowed_origins=allowed_origins, check_origin=check_origin,
                  debug=debug, max_payload_size=max_payload_size, bus=bus, **django_options)
    listen = host or "0.0.0.0"

    def url(bound: int = port) -> str:
        return f"http://{'localhost' if listen in ('0.0.0.0', '::') else listen}:{bound}/"

    if transport == "http":
        from django.core.servers.basehttp import run

        app = wsgi_app(applications, session_expire_seconds=session_expire_seconds,
                       session_cleanup_interval=session_cleanup_interval, **common)
        with sigterm_interrupts():  # SIGTERM stops the server like Ctrl+C; then every session closes
            run(listen, port, app, ipv6=":" in listen, threading=True, on_bind=lambda bound: announce(url(bound)))
        return
    if transport != "websocket":
        raise ValueError(f"transport must be 'websocket' or 'http', got {transport!r}")
    try:
        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server
    except ImportError as exc:
        raise ImportError("webio.django.start_server needs daphne for the WebSocket transport: "
                          "pip install webio[django] (or pass transport='http')") from exc
    app = asgi_app(applications, reconnect_timeout=reconnect_timeout, **common)
    # Messages over max_payload_size reach the consumer (which drops them and tells the user) up
    # to this size; daphne cuts the connection on bigger ones.
    size = server_message_limit(EndpointSettings.parse(max_payload_size=max_payload_size).max_payload_size)
    server = Server(app, endpoints=build_endpoint_description_strings(host=listen, port=port),
                    websocket_max_message_size=size, websocket_max_frame_size=size,
                    ready_callable=lambda: announce(url()), verbosity=1 if debug else 0)
    try:
        server.run()  # daphne stops on SIGTERM/SIGINT
    finally:
        close_open_endpoints()  # every session closes: tabs are told, deferred calls run
