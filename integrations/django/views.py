"""Django requests in, core responses out: the view and the URL helpers (HTTP transport).

The view answers everything at its URL (page, assets, HTTP transport) through one
``WebioEndpoint``. It is exempt from Django's CSRF check: the endpoint refuses cross-origin
requests itself (``allowed_origins`` / ``check_origin``), and the browser client sends no cookie
token. Works under WSGI and ASGI. Under ASGI Django runs each request of this (sync) view in a
thread of its own (``ThreadSensitiveContext``), so a long poll holds up no other view; under WSGI a
single-threaded server cannot spare its thread, and the HTTP transport answers polls at once.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

from django.http import HttpRequest as DjangoRequest
from django.http import HttpResponse as DjangoResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

from webio.transport import CaseInsensitiveHeaders, HttpRequest, HttpResponse, WebioEndpoint

from .conf import BACKEND, make_endpoint

ViewFunction = Callable[[DjangoRequest], DjangoResponse]


def read_body(request: DjangoRequest, limit: int) -> Optional[bytes]:
    """The body, or None when it exceeds ``limit``. Read from the stream, so Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (meant for form posts) does not cap webio's own limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def request_headers(request: DjangoRequest) -> CaseInsensitiveHeaders:
    """The headers, with ``Host`` filled in from the WSGI environ when the client sent none."""
    headers = CaseInsensitiveHeaders(request.headers.items())
    if not headers.get("Host"):
        port = request.META.get("SERVER_PORT")
        default = "443" if request.scheme == "https" else "80"
        name = request.META.get("SERVER_NAME") or ""
        headers["host"] = name if not port or str(port) == default else f"{name}:{port}"
    return headers


def can_hold(request: DjangoRequest) -> bool:
    """Whether the server can keep this request open: yes under ASGI (no ``wsgi.*`` keys: a thread
    per request), under WSGI only when the server is multithreaded."""
    return bool(request.META.get("wsgi.multithread", True))


def translate_request(request: DjangoRequest, body: bytes = b"") -> HttpRequest:
    """The core's view of a Django request; ``native`` is the request itself."""
    return HttpRequest(
        method=request.method or "GET", path=request.path, query=request.GET.dict(), headers=request_headers(request),
        body=body, remote_ip=request.META.get("REMOTE_ADDR") or "", scheme=request.scheme or "http",
        native=request, backend=BACKEND, can_hold=can_hold(request),
    )


def make_response(response: HttpResponse) -> DjangoResponse:
    return DjangoResponse(response.body, status=response.status, headers=response.headers)


def view_for(endpoint: WebioEndpoint) -> ViewFunction:
    limit = endpoint.settings.max_payload_size

    @csrf_exempt
    def webio_view_func(request: DjangoRequest) -> DjangoResponse:
        body = read_body(request, limit) if request.method == "POST" else b""
        if body is None:
            return make_response(endpoint.body_too_large())
        return make_response(endpoint.respond(translate_request(request, body)))

    webio_view_func.webio_endpoint = endpoint
    view: ViewFunction = webio_view_func
    return view


def webio_view(applications: Any, cdn: Union[bool, str, None] = None, session_expire_seconds: Optional[float] = None,
               session_cleanup_interval: Optional[float] = None, allowed_origins: Optional[Sequence[str]] = None,
               check_origin: Optional[Callable[[str], bool]] = None, *, transport: Optional[str] = None,
               **options: Any) -> ViewFunction:
    """A Django view serving webio apps at its URL (page, assets, HTTP transport).

    ``transport='websocket'`` makes the page connect to a ``WebioConsumer`` routed at the same
    path (Channels, under ASGI); the default comes from ``settings.WEBIO['transport']``, else
    ``'http'``. Other options: manual §4.5 (``allowed_origins``, ``max_payload_size``, …) and ``bus``
    (several worker processes; default ``settings.WEBIO['bus']``, else ``$WEBIO_BUS``).
    Example (``urls.py``)::

        urlpatterns = [path('tool/', webio_view(task))]
    """
    given = {key: value for key, value in (("cdn", cdn), ("session_expire_seconds", session_expire_seconds),
                                           ("session_cleanup_interval", session_cleanup_interval),
                                           ("allowed_origins", allowed_origins), ("check_origin", check_origin))
             if value is not None}  # None: not given, so settings.WEBIO or the default applies
    return view_for(make_endpoint(applications, {**given, **options}, transport))


def webio_path(route: str, applications: Any, *, name: Optional[str] = None, transport: Optional[str] = None,
               **options: Any) -> URLPattern:
    """``path(route, webio_view(applications, ...))``. Example: ``webio_path('tools/x/', task)``."""
    return path(route, webio_view(applications, transport=transport, **options), name=name)


def webio_urls(applications: Any, *, transport: Optional[str] = None, **options: Any) -> list[URLPattern]:
    """URL patterns to ``include()``. Example: ``path('tool/', include(webio_urls(task)))``."""
    return [path("", webio_view(applications, transport=transport, **options), name="webio")]
