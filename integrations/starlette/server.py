"""``start_server``: serve webio apps with Starlette on uvicorn."""
from __future__ import annotations

import logging
import socket
import threading
import time
import webbrowser
from typing import Any, Callable, Optional, Sequence, Union

from webio.protocol import parse_size

from .adapter import asgi_app

logger = logging.getLogger("webio.starlette")
# WebSocket frames up to this much over max_payload_size are read and dropped with a log line;
# bigger ones make uvicorn close the socket before buffering them.
WS_SIZE_SLACK = 1024 * 1024


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port=0``: a free port chosen by the OS)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def browser_url(host: str, port: int) -> str:
    shown = "localhost" if host in ("", "0.0.0.0", "::") else host
    return f"http://{shown}:{port}/"


def open_when_started(server: Any, url: str, timeout: float = 30) -> None:
    """Open ``url`` in a browser as soon as ``server.started`` (a uvicorn Server) is true."""

    def wait_and_open() -> None:
        deadline = time.monotonic() + timeout
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        if server.started:
            webbrowser.open(url)

    threading.Thread(target=wait_and_open, daemon=True, name="webio-open-browser").start()


def start_remote_access(port: int) -> None:
    try:
        from webio.platform.remote_access import start_remote_access_service  # type: ignore[import-not-found]
    except ImportError:
        logger.warning("remote_access is not available in this version of webio; serving locally only")
        return
    start_remote_access_service(local_port=port)


def start_server(applications: Any, port: int = 0, host: str = "", cdn: Union[bool, str] = False,
                 reconnect_timeout: float = 0, static_dir: Optional[str] = None, remote_access: bool = False,
                 debug: bool = False, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 max_payload_size: Union[int, str] = "200M", **uvicorn_settings: Any) -> None:
    """Serve ``applications`` at ``http://host:port/`` with uvicorn until interrupted.

    Example::

        start_server([report, upload], port=8080, reconnect_timeout=30)

    ``port=0`` picks a free port; ``host=''`` listens on every interface. Extra keyword arguments
    go to ``uvicorn.Config`` (``log_level``, ``ssl_certfile``, ``proxy_headers``, …).
    """
    try:
        import uvicorn
    except ImportError:
        raise ImportError("webio.starlette.start_server needs uvicorn: pip install webio[starlette]") from None
    app = asgi_app(applications, cdn=cdn, reconnect_timeout=reconnect_timeout, static_dir=static_dir,
                   debug=debug, allowed_origins=allowed_origins, check_origin=check_origin,
                   max_payload_size=max_payload_size)
    uvicorn_settings.setdefault("ws_max_size", parse_size(max_payload_size) + WS_SIZE_SLACK)
    uvicorn_settings.setdefault("log_level", "debug" if debug else "info")
    bind_host = host or "0.0.0.0"
    sock = bind_socket(bind_host, port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=bind_host, port=port, **uvicorn_settings))
    url = browser_url(host, port)
    print(f"webio: serving on {url}", flush=True)
    if auto_open_webbrowser:
        open_when_started(server, url)
    if remote_access:
        start_remote_access(port)
    server.run(sockets=[sock])
