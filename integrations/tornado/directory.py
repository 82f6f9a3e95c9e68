"""Directory deploy on Tornado: ``path_deploy`` / ``path_deploy_http`` (manual §4.5.1).

The folder logic lives in ``webio.platform.directory_deploy``; this module routes every URL to it.
"""
from __future__ import annotations

from typing import Any, Callable, ClassVar, Optional, Sequence, Union

import tornado.web

from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from ..platform.directory_deploy import AppDirectory, IndexOption, NotFound, Redirect
from ..session.context import enter_server_mode
from ..transport import WebioEndpoint
from ..transport.choice import choose_transport
from .handler import WebioRequestHandler


class DirectoryHandler(WebioRequestHandler):
    """Finds the app (or folder index) of each request's path in an ``AppDirectory``."""

    directory: ClassVar[AppDirectory]

    def find_endpoint(self, *path_args: str) -> Optional[WebioEndpoint]:
        request = self.request
        is_page = (request.method == "GET" and "_webio_static" not in request.query_arguments
                   and (request.headers.get("Upgrade") or "").lower() != "websocket")
        try:
            target = self.directory.resolve(path_args[0] if path_args else "", request.query,
                                            reload=is_page and "reload" in request.query_arguments)
        except NotFound:
            raise tornado.web.HTTPError(404) from None
        except Redirect as redirect:
            self.redirect(redirect.location)
            return None
        if isinstance(target, WebioEndpoint):
            return target
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(target)
        return None


def path_deploy(base: str, port: int = 0, host: str = "", index: IndexOption = True,
                static_dir: Optional[str] = None, reconnect_timeout: float = 0, cdn: Union[bool, str] = False,
                debug: bool = False, allowed_origins: Optional[Sequence[str]] = None,
                check_origin: Optional[Callable[[str], bool]] = None, max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD,
                *, transport: Optional[str] = None, protocol: Optional[str] = None,
                session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
                auto_open_webbrowser: bool = False, bus: Any = None, **tornado_app_settings: Any) -> None:
    """Serve every app file under ``base`` at its path until Ctrl+C.

    ``transport``: ``'websocket'`` (default) or ``'http'``; ``protocol`` is its older name.
    ``bus``: a URL (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by several server
    processes (default: ``$WEBIO_BUS``, else this process only; see docs/deployment.md).

    Example::

        path_deploy("apps/", port=8080)     # apps/A/b.py → http://localhost:8080/A/b
    """
    from . import serve_routes

    transport = choose_transport(transport, protocol)
    enter_server_mode()
    directory = AppDirectory(base, index, backend="tornado", protocol=transport, cdn=cdn,
                             reconnect_timeout=reconnect_timeout, allowed_origins=allowed_origins,
                             check_origin=check_origin, max_payload_size=max_payload_size,
                             session_expire_seconds=session_expire_seconds,
                             session_cleanup_interval=session_cleanup_interval, debug=debug, bus=bus)
    handler = type("PathDeployHandler", (DirectoryHandler,), {"directory": directory})
    cleanup = (session_cleanup_interval or 300) if transport == "http" else None
    serve_routes([(r"/(.*)", handler)], directory.endpoints, cleanup_interval=cleanup, port=port, host=host,
                 debug=debug, static_dir=static_dir, auto_open_webbrowser=auto_open_webbrowser,
                 max_payload_size=max_payload_size, **tornado_app_settings)


def path_deploy_http(base: str, port: int = 0, host: str = "", index: IndexOption = True,
                     static_dir: Optional[str] = None, cdn: Union[bool, str] = False, debug: bool = False,
                     allowed_origins: Optional[Sequence[str]] = None,
                     check_origin: Optional[Callable[[str], bool]] = None,
                     session_expire_seconds: Optional[float] = None,
                     session_cleanup_interval: Optional[float] = None,
                     max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, **tornado_app_settings: Any) -> None:
    """``path_deploy`` with the HTTP transport."""
    path_deploy(base, port=port, host=host, index=index, static_dir=static_dir, cdn=cdn, debug=debug,
                allowed_origins=allowed_origins, check_origin=check_origin, max_payload_size=max_payload_size,
                transport="http", session_expire_seconds=session_expire_seconds,
                session_cleanup_interval=session_cleanup_interval, **tornado_app_settings)
