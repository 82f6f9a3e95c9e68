"""``start_server``: serve webio apps with Starlette on uvicorn."""
from __future__ import annotations

import logging
import socket
from typing import Any, Callable, Optional, Sequence, Union

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.platform.browser import announce, open_browser, warn_remote_access
from webio.session.context import enter_server_mode
from webio.transport.choice import choose_transport
from webio.transport.policy import server_message_limit
from webio.transport.settings import take_limits

from .routes import asgi_app

logger = logging.getLogger("webio.starlette")


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port=0``: a free port chosen by the OS)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns on TCP_NODELAY only for sockets that say they are TCP,
    # and without it every small frame waits for the peer's delayed ACK (~40 ms per round trip).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def display_url(host: str, port: int) -> str:
    """The URL to show for a server bound to ``host`` (all interfaces → localhost)."""
    shown = "localhost" if host in ("", "0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def start_server(applications: Any, port: int = 0, host: str = "", cdn: Union[bool, str] = False,
                 reconnect_timeout: float = 0, static_dir: Optional[str] = None, remote_access: bool = False,
                 debug: bool = False, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, transport: Optional[str] = None, *,
                 protocol: Optional[str] = None, session_expire_seconds: Optional[float] = None,
                 session_cleanup_interval: Optional[float] = None, bus: Any = None,
                 **uvicorn_settings: Any) -> None:
    """Serve ``applications`` at ``http://host:port/`` with uvicorn until interrupted.

    Example::

        start_server([report, upload], port=8080, reconnect_timeout=30)

    ``port=0`` picks a free port; ``host=''`` listens on every interface. ``transport``:
    ``'websocket'`` (default) or ``'http'`` (``protocol`` is its older name);
    ``session_expire_seconds`` and ``session_cleanup_interval`` apply to ``'http'``. ``bus``: a URL
    (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by several server processes (default:
    ``$WEBIO_BUS``, else none; see docs/deployment.md). Extra keyword
    arguments go to ``uvicorn.Config`` (``log_level``, ``ssl_certfile``, ``proxy_headers``, …).
    """
    transport = choose_transport(transport, protocol)
    try:
        import uvicorn
    except ImportError:
        raise ImportError("webio.starlette.start_server needs uvicorn: pip install webio[starlette]") from None
    enter_server_mode()
    warn_remote_access(remote_access, logger)
    app = asgi_app(applications, cdn=cdn, reconnect_timeout=reconnect_timeout, static_dir=static_dir,
                   debug=debug, allowed_origins=allowed_origins, check_origin=check_origin,
                   max_payload_size=max_payload_size, transport=transport,
                   session_expire_seconds=session_expire_seconds, session_cleanup_interval=session_cleanup_interval,
                   bus=bus, **take_limits(uvicorn_settings))
    # Messages over max_payload_size reach webio (which drops them and tells the user) up to
    # ws_max_size; uvicorn closes the socket (1009) on bigger ones before buffering them.
    limit = app.state.webio_endpoint.settings.max_payload_size
    uvicorn_settings.setdefault("ws_max_size", server_message_limit(limit))
    uvicorn_settings.setdefault("log_level", "debug" if debug else "info")
    # permessage-deflate as webio accepts it (transport/deflate.py: no zlib state kept by an idle tab),
    # unless websocket_compression=False.
    if app.state.webio_endpoint.settings.websocket_compression:
        from webio.transport.uvicorn_ws import WebSocketProtocol

        uvicorn_settings.setdefault("ws", WebSocketProtocol)
    else:
        uvicorn_settings.setdefault("ws_per_message_deflate", False)
    bind_host = host or "0.0.0.0"
    sock = bind_socket(bind_host, port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=bind_host, port=port, **uvicorn_settings))
    announce(display_url(host, port), auto_open_webbrowser=False)
    if auto_open_webbrowser:
        # uvicorn starts listening inside run(); the socket is bound already, so the tab's
        # request waits in the backlog until then.
        open_browser(display_url(host, port))
    server.run(sockets=[sock])
