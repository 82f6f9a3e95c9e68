"""Flask requests in, core responses out: the view function and the blueprint.

Everything at the app's URL (page, assets, HTTP transport) goes to one ``WebioEndpoint``
with the HTTP transport; the view only translates. Flask has no WebSocket, so the page it serves
tells the browser to use the HTTP transport.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

import flask

from webio.session.context import enter_server_mode
from webio.transport import CaseInsensitiveHeaders, HttpRequest, HttpResponse, WebioEndpoint, endpoint_kwargs
from webio.transport.settings import ENDPOINT_KEYWORDS

BACKEND = "flask"
ViewFunction = Callable[[], flask.Response]
METHODS = ["GET", "HEAD", "POST", "OPTIONS"]  # OPTIONS: CORS preflight, answered by the endpoint


def make_endpoint(applications: Any, **options: Any) -> WebioEndpoint:
    """The core endpoint for ``applications`` with the HTTP transport (Flask has no WebSocket)."""
    unknown = set(options) - set(endpoint_kwargs(options)) - {"static_dir"}
    if unknown:
        raise TypeError(f"unknown option(s) {sorted(unknown)}; webio.flask takes the endpoint options: "
                        f"{', '.join(ENDPOINT_KEYWORDS)}")
    enter_server_mode()
    return WebioEndpoint(applications, backend=BACKEND, protocol="http", **endpoint_kwargs(options))


def read_body(request: flask.Request, limit: int) -> Optional[bytes]:
    """The request body, or None when it is larger than ``limit`` bytes (read no further than that)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = request.stream.read(limit + 1)
    return None if len(body) > limit else body


def translate_request(request: flask.Request, body: bytes = b"") -> HttpRequest:
    """The core's view of a Flask request; ``native`` is the request object itself (not the proxy).
    A single-threaded server (gunicorn's default sync worker) cannot spare its thread for a long poll."""
    return HttpRequest(
        method=request.method, path=request.path, query=request.args.to_dict(flat=True),
        headers=CaseInsensitiveHeaders(request.headers.items()), body=body,
        remote_ip=request.remote_addr or "", scheme=request.scheme, native=request, backend=BACKEND,
        can_hold=bool(request.environ.get("wsgi.multithread", True)),
    )


def make_response(response: HttpResponse) -> flask.Response:
    return flask.Response(response.body, status=response.status, headers=response.headers)


def view_for(endpoint: WebioEndpoint) -> ViewFunction:
    """A Flask view answering every request at its URL through ``endpoint``."""
    limit = endpoint.settings.max_payload_size

    def webio_view_func() -> flask.Response:
        request: flask.Request = flask.request._get_current_object()  # type: ignore[attr-defined]
        body = read_body(request, limit) if request.method == "POST" else b""
        if body is None:
            return make_response(endpoint.body_too_large())
        return make_response(endpoint.respond(translate_request(request, body)))

    # OPTIONS goes to the endpoint too: it answers the CORS preflight of allowed origins.
    webio_view_func.provide_automatic_options = False  # type: ignore[attr-defined]
    webio_view_func.webio_endpoint = endpoint  # type: ignore[attr-defined]
    return webio_view_func


def webio_view(applications: Any, cdn: Union[bool, str, None] = None, session_expire_seconds: Optional[float] = None,
               session_cleanup_interval: Optional[float] = None, allowed_origins: Optional[Sequence[str]] = None,
               check_origin: Optional[Callable[[str], bool]] = None, **options: Any) -> ViewFunction:
    """A Flask view function serving webio apps (page, assets and the HTTP transport) at its URL.

    Options are those of manual §4.5 (``cdn``, ``allowed_origins``, ``check_origin``,
    ``max_payload_size``, ``session_expire_seconds``, ``session_cleanup_interval``), and
    ``http_max_held_polls`` (docs/frameworks.md), and ``bus``: a URL (``"redis://host:6379/0"``) or
    ``webio.bus.Bus`` shared by the worker processes (default ``$WEBIO_BUS``; docs/deployment.md).
    Example::

        app.add_url_rule('/tool', 'webio_view', webio_view(task),
                         methods=['GET', 'POST', 'OPTIONS'])
    """
    given = given_options(cdn=cdn, session_expire_seconds=session_expire_seconds,
                          session_cleanup_interval=session_cleanup_interval, allowed_origins=allowed_origins,
                          check_origin=check_origin)
    return view_for(make_endpoint(applications, **given, **options))


def given_options(**options: Any) -> dict[str, Any]:
    """The options given a value (None stands for "not given": the default applies)."""
    return {key: value for key, value in options.items() if value is not None}


def webio_bp(applications: Any, url_prefix: Optional[str] = None, name: str = "webio",
             **options: Any) -> flask.Blueprint:
    """A Blueprint serving webio apps at its prefix, with and without the trailing slash.

    Options as ``webio_view`` (``bus="redis://host:6379/0"`` for several worker processes). Example::

        app.register_blueprint(webio_bp(task), url_prefix='/tool')   # /tool and /tool/
    """
    endpoint = make_endpoint(applications, **options)
    view = view_for(endpoint)
    blueprint = flask.Blueprint(name, __name__, url_prefix=url_prefix)

    def add_routes(state: Any) -> None:
        prefix: Union[str, None] = state.url_prefix
        state.add_url_rule("/", "index", view, methods=METHODS)
        if prefix and not prefix.endswith("/"):
            # Flask would redirect /tool to /tool/; answer it directly instead (relative asset
            # URLs resolve to /tool?... from either page, both land here).
            state.add_url_rule("", "index_no_slash", view, methods=METHODS)

    blueprint.record(add_routes)
    blueprint.webio_endpoint = endpoint  # type: ignore[attr-defined]
    return blueprint
