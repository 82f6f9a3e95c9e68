"""``start_server``: serve webio apps on aiohttp's own server."""
from __future__ import annotations

import logging
import socket
from typing import Any, Callable, Optional, Sequence, Union

from aiohttp import web

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.platform.browser import announce, warn_remote_access
from webio.session.context import enter_server_mode
from webio.transport.choice import choose_transport
from webio.transport.settings import take_limits

from .handler import webio_handler

logger = logging.getLogger("webio.aiohttp")


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port=0``: a free port chosen by the OS)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def display_url(host: str, port: int) -> str:
    """The URL to show for a server bound to ``host`` (all interfaces → localhost)."""
    shown = "localhost" if host in ("", "0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def make_app(applications: Any, *, static_dir: Optional[str] = None, max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD,
             **handler_options: Any) -> web.Application:
    """An aiohttp application serving ``applications`` at ``/`` (and ``static_dir`` at ``/static/``)."""
    handler = webio_handler(applications, max_payload_size=max_payload_size, **handler_options)
    app = web.Application(client_max_size=handler.endpoint.settings.max_payload_size)
    app.add_routes([web.route("*", "/", handler)])
    if static_dir is not None:
        app.router.add_static("/static/", static_dir)
    app.on_shutdown.append(handler.on_shutdown)
    return app


def start_server(applications: Any, port: int = 0, host: str = "", debug: bool = False,
                 cdn: Union[bool, str] = False, static_dir: Optional[str] = None, remote_access: bool = False,
                 reconnect_timeout: float = 0, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, websocket_settings: Optional[dict[str, Any]] = None,
                 transport: Optional[str] = None, *, protocol: Optional[str] = None,
                 session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
                 bus: Any = None, **aiohttp_settings: Any) -> None:
    """Serve ``applications`` at ``http://host:port/`` with aiohttp until interrupted.

    Example::

        start_server([report, upload], port=8080, reconnect_timeout=30)

    ``port=0`` picks a free port; ``host=''`` listens on every interface. ``transport``:
    ``'websocket'`` (default) or ``'http'`` (``protocol`` is its older name);
    ``session_expire_seconds`` and ``session_cleanup_interval`` apply to ``'http'``. ``bus``: a URL
    (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by several server processes (default:
    ``$WEBIO_BUS``, else none; see docs/deployment.md). Extra keyword
    arguments go to ``aiohttp.web.run_app`` (``ssl_context``, ``access_log``, …).
    """
    transport = choose_transport(transport, protocol)
    enter_server_mode()
    warn_remote_access(remote_access, logger)
    app = make_app(applications, static_dir=static_dir, max_payload_size=max_payload_size, cdn=cdn,
                   reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins, check_origin=check_origin,
                   websocket_settings=websocket_settings, debug=debug, transport=transport,
                   session_expire_seconds=session_expire_seconds, session_cleanup_interval=session_cleanup_interval,
                   bus=bus, **take_limits(aiohttp_settings))
    sock = bind_socket(host or "0.0.0.0", port)
    # The socket listens already: a tab opened now waits in the backlog until run_app serves it.
    announce(display_url(host, sock.getsockname()[1]), auto_open_webbrowser=auto_open_webbrowser)
    aiohttp_settings.setdefault("print", None)
    web.run_app(app, sock=sock, **aiohttp_settings)
