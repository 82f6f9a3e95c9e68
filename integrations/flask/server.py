"""A ready-made Flask app (``wsgi_app``) and a threaded development server (``start_server``).

Sessions live in the memory of the process that created them, and the HTTP transport sends every
request of a session to whichever worker the server picks. So run **one worker**
(``gunicorn 'module:app'``); several workers need sticky sessions (for example by client IP at
the load balancer) until a shared session router exists. A long poll holds a thread for up to
20 s, so a single-threaded worker answers polls at once (tabs poll once a second) and a threaded
one holds at most ``http_max_held_polls`` of them.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional, Sequence, Union

import flask
from werkzeug.serving import WSGIRequestHandler

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.transport.settings import take_limits
from webio.transport.shutdown import sigterm_interrupts

from .adapter import METHODS, make_endpoint, view_for

logger = logging.getLogger("webio.flask")


class NoDelayRequestHandler(WSGIRequestHandler):
    """werkzeug's handler with TCP_NODELAY: headers and body are separate writes, and Nagle's
    algorithm would hold the body back until the browser's delayed ACK (~40 ms per request)."""

    def setup(self) -> None:
        super().setup()
        import socket

        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass


def wsgi_app(applications: Any, cdn: Union[bool, str] = False, static_dir: Optional[str] = None,
             allowed_origins: Optional[Sequence[str]] = None,
             check_origin: Optional[Callable[[str], bool]] = None,
             session_expire_seconds: Optional[float] = None,
             session_cleanup_interval: Optional[float] = None,
             max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, debug: bool = False,
             http_max_held_polls: int = 8, *, bus: Any = None, **limits: Any) -> flask.Flask:
    """A Flask app serving ``applications`` at ``/`` (and ``static_dir`` at ``/static/``).
    ``limits``: ``max_sessions``, ``max_events_per_second``, ``max_connections_per_ip`` (docs/limits.md).

    ``bus``: a URL (``"redis://host:6379/0"``) or ``webio.bus.Bus`` shared by the worker processes
    (``gunicorn -w 4``); default ``$WEBIO_BUS``, else one process only (see docs/deployment.md).

    Example (run it with ``gunicorn 'myapp:app'``)::

        app = wsgi_app(main)
    """
    app = flask.Flask("webio.flask", static_folder=static_dir, static_url_path="/static" if static_dir else None)
    endpoint = make_endpoint(applications, cdn=cdn, allowed_origins=allowed_origins, check_origin=check_origin,
                             session_expire_seconds=session_expire_seconds,
                             session_cleanup_interval=session_cleanup_interval,
                             max_payload_size=max_payload_size, debug=debug,
                             http_max_held_polls=http_max_held_polls, bus=bus, **limits)
    app.add_url_rule("/", "webio", view_for(endpoint), methods=METHODS)
    app.config["MAX_CONTENT_LENGTH"] = endpoint.settings.max_payload_size
    app.webio_endpoint = endpoint  # type: ignore[attr-defined]
    return app


def start_server(applications: Any, port: int = 8080, host: str = "", cdn: Union[bool, str] = False,
                 static_dir: Optional[str] = None, remote_access: bool = False,
                 allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None,
                 session_expire_seconds: Optional[float] = None,
                 session_cleanup_interval: Optional[float] = None, debug: bool = False,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, *, bus: Any = None, **flask_options: Any) -> None:
    """Serve ``applications`` with Flask's threaded werkzeug server (blocks until stopped).

    ``flask_options`` go to ``flask.Flask.run``. For production use a WSGI server with one worker
    instead, e.g. ``gunicorn 'myapp:app'`` with ``app = wsgi_app(main)``. Example::

        start_server(main, port=8080)
    """
    if remote_access:
        logger.warning("remote_access is not supported by webio.flask: expose the port through your own "
                       "tunnel or reverse proxy instead")
    app = wsgi_app(applications, cdn=cdn, static_dir=static_dir, allowed_origins=allowed_origins,
                   check_origin=check_origin, session_expire_seconds=session_expire_seconds,
                   session_cleanup_interval=session_cleanup_interval, max_payload_size=max_payload_size,
                   debug=debug, bus=bus, **take_limits(flask_options))
    flask_options.setdefault("threaded", True)
    flask_options.setdefault("request_handler", NoDelayRequestHandler)
    with sigterm_interrupts():  # SIGTERM stops werkzeug like Ctrl+C; then every session closes
        app.run(host=host or "0.0.0.0", port=port, debug=debug, **flask_options)
