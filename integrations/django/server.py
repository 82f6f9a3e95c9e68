"""Django as a server of its own: ``wsgi_app`` (HTTP transport), ``asgi_app`` (WebSocket, via
Channels) and ``start_server`` (daphne, or Django's threaded WSGI server with ``transport='http'``).

If the process has no Django settings yet, minimal ones are configured (``django_options`` are
added to them); inside a configured project the existing settings are used and the apps are
served at ``/`` by a handler with its own URLconf, whatever ``ROOT_URLCONF`` says.
"""
from __future__ import annotations

import logging
import secrets
import sys
import types
from typing import Any, Optional

import django
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import re_path
from django.views.static import serve

from webio.protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from webio.transport import WebioEndpoint

from .conf import make_endpoint
from .views import view_for

logger = logging.getLogger("webio.django")
URLCONF_MODULE = "webio.django._urls"


def setup_django(debug: bool = False, **django_options: Any) -> None:
    """Configure minimal settings if there are none, and set Django up."""
    if settings.configured:
        if django_options:
            logger.warning("Django settings are already configured: ignoring %s", sorted(django_options))
    else:
        reserved = sorted({"DEBUG", "ALLOWED_HOSTS", "ROOT_URLCONF", "SECRET_KEY"} & set(django_options))
        if reserved:
            raise TypeError(f"{reserved} are set by webio.django; leave them out of django_options")
        sys.modules.setdefault(URLCONF_MODULE, types.ModuleType(URLCONF_MODULE, "webio's standalone URLconf"))
        sys.modules[URLCONF_MODULE].urlpatterns = []  # type: ignore[attr-defined]
        django_options.setdefault("INSTALLED_APPS", ["webio.django"])
        settings.configure(DEBUG=debug, ALLOWED_HOSTS=["*"], SECRET_KEY=secrets.token_urlsafe(32),
                           ROOT_URLCONF=URLCONF_MODULE, **django_options)
    django.setup(set_prefix=False)


def urlconf(endpoint: WebioEndpoint, static_dir: Optional[str]) -> types.ModuleType:
    """A URLconf serving the endpoint's apps at ``/`` and ``static_dir`` at ``/static/``."""
    module = types.ModuleType("webio_urlconf")
    patterns = [re_path(r"^$", view_for(endpoint))]
    if static_dir:
        patterns.append(re_path(r"^static/(?P<path>.*)$", serve, {"document_root": static_dir}))
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    return module


class WebioWSGIHandler(WSGIHandler):
    """Django's WSGI handler answering from its own URLconf."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__()
        self.urlconf = module

    def get_response(self, request: Any) -> Any:
        request.urlconf = self.urlconf
        return super().get_response(request)


class WebioASGIHandler(ASGIHandler):
    """Django's ASGI handler answering from its own URLconf."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__()
        self.urlconf = module

    async def get_response_async(self, request: Any) -> Any:
        request.urlconf = self.urlconf
        return await super().get_response_async(request)


def wsgi_app(applications: Any, cdn: Any = False, static_dir: Optional[str] = None, allowed_origins: Any = None,
             check_origin: Any = None, session_expire_seconds: Optional[float] = None,
             session_cleanup_interval: Optional[float] = None, debug: bool = False,
             max_payload_size: Any = _DEFAULT_PAYLOAD, *, bus: Any = None, **django_options: Any) -> WSGIHandler:
    """A WSGI app serving ``applications`` at ``/`` with the HTTP transport (``bus``: see docs/deployment.md).

    Example (``gunicorn 'myapp:app'``: one worker, see docs/frameworks.md)::

        app = wsgi_app(main)
    """
    setup_django(debug, **django_options)
    options = _endpoint_options(cdn, allowed_origins, check_origin, session_expire_seconds,
                                session_cleanup_interval, debug, max_payload_size, bus)
    return WebioWSGIHandler(urlconf(make_endpoint(applications, options, "http"), static_dir))


def asgi_app(applications: Any, cdn: Any = False, static_dir: Optional[str] = None, allowed_origins: Any = None,
             check_origin: Any = None, reconnect_timeout: float = 0, debug: bool = False,
             max_payload_size: Any = _DEFAULT_PAYLOAD, *, bus: Any = None, **django_options: Any) -> Any:
    """An ASGI app (Channels) serving ``applications`` at ``/`` with the WebSocket transport
    (``bus``: shared by several server processes, see docs/deployment.md).

    Example (``daphne 'myapp:app'`` or ``uvicorn 'myapp:app'``)::

        app = asgi_app(main)
    """
    setup_django(debug, **django_options)
    try:
        from channels.routing import ProtocolTypeRouter, URLRouter
    except ImportError as exc:
        raise ImportError("webio.django.asgi_app needs Channels: pip install webio[django]") from exc
    from django.urls import path

    from .consumer import WebioConsumer

    options = _endpoint_options(cdn, allowed_origins, check_origin, None, None, debug, max_payload_size, bus)
    options["reconnect_timeout"] = reconnect_timeout
    endpoint = make_endpoint(applications, options, "websocket")  # one endpoint: page, assets and socket
    return ProtocolTypeRouter({
        "http": WebioASGIHandler(urlconf(endpoint, static_dir)),
        "websocket": URLRouter([path("", WebioConsumer.as_asgi(endpoint=endpoint))]),
    })


def _endpoint_options(cdn: Any, allowed_origins: Any, check_origin: Any, session_expire_seconds: Any,
                      session_cleanup_interval: Any, debug: bool, max_payload_size: Any,
                      bus: Any = None) -> dict[str, Any]:
    options = {"cdn": cdn, "allowed_origins": allowed_origins, "check_origin": check_origin, "debug": debug,
               "session_expire_seconds": session_expire_seconds, "max_payload_size": max_payload_size,
               "session_cleanup_interval": session_cleanup_interval, "bus": bus}
    return {key: value for key, value in options.items() if value is not None}
