"""``webio.platform.tornado_http``: the Tornado server with the HTTP transport (manual §4.5).

Use it where a proxy does not pass WebSocket connections. Example::

    from webio.platform.tornado_http import start_server
    start_server(main, port=8080)
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from ..tornado import http_webio_handler as webio_handler
from ..tornado import start_server as _start_server

__all__ = ["start_server", "webio_handler"]


def start_server(applications: Any, port: int = 8080, host: str = "", debug: bool = False,
                 cdn: Union[bool, str] = False, static_dir: Optional[str] = None,
                 allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, **tornado_app_settings: Any) -> None:
    """Serve the app(s) with Tornado and the HTTP transport until Ctrl+C."""
    _start_server(applications, port=port, host=host, debug=debug, cdn=cdn, static_dir=static_dir,
                  allowed_origins=allowed_origins, check_origin=check_origin,
                  auto_open_webbrowser=auto_open_webbrowser, max_payload_size=max_payload_size, transport="http",
                  session_expire_seconds=session_expire_seconds,
                  session_cleanup_interval=session_cleanup_interval, **tornado_app_settings)
