"""``webio.django``: serve webio apps from a Django project.

HTTP transport (any WSGI or ASGI server), in ``urls.py``::

    from webio.django import webio_path
    urlpatterns = [webio_path('tool/', task)]       # or path('tool/', include(webio_urls(task)))

WebSocket transport (Channels under daphne or uvicorn): the view serves the page, the consumer the
socket, both at the same path. ``settings.py``: ``INSTALLED_APPS += ['webio.django']`` and
``WEBIO = {'transport': 'websocket'}``; ``asgi.py``::

    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from webio.django import webio_websocket_path

    application = ProtocolTypeRouter({
        'http': get_asgi_application(),
        'websocket': AuthMiddlewareStack(URLRouter([webio_websocket_path('tool/', task)])),
    })

Options (manual §4.5: ``allowed_origins``, ``check_origin``, ``max_payload_size``,
``reconnect_timeout``, ``session_expire_seconds``, ``cdn``…) come from ``settings.WEBIO`` and can
be overridden per view or consumer. Assets are served by the view itself (no ``collectstatic``).

``session.info.request``: under the view, the Django ``HttpRequest`` of the session's first request
(``request.user`` works with ``AuthenticationMiddleware``); under the consumer, an ``HttpRequest``
built from the handshake, with ``user``/``session`` from the scope and the scope as ``.scope``.

Deployment: a session lives in the process that started it. With the HTTP transport one worker
(``gunicorn 'project.wsgi'``: a single-threaded worker answers polls at once and tabs poll once a
second; a threaded one holds up to ``http_max_held_polls`` long polls) needs nothing more; several
workers need a shared bus (``settings.WEBIO = {'bus': 'redis://...'}`` or ``WEBIO_BUS``, see the
Deployment page). daphne limits WebSocket messages to 1 MiB by default: pass
``--websocket-max-message-size`` (uvicorn: ``--ws-max-size``) to allow bigger uploads.
Standalone: ``start_server(task)``, ``wsgi_app(task)``, ``asgi_app(task)``.
"""
from __future__ import annotations

from typing import Any

try:
    import django as _django  # noqa: F401
except ImportError as exc:
    raise ImportError("webio.django needs Django: pip install webio[django]") from exc

from .views import translate_request, webio_path, webio_urls, webio_view

__all__ = ["webio_view", "webio_path", "webio_urls", "translate_request", "WebioConsumer",
           "webio_websocket_path", "wsgi_app", "asgi_app", "start_server"]

_LAZY = {  # need Channels or set Django up: imported on first use
    "WebioConsumer": "consumer", "webio_websocket_path": "consumer",
    "wsgi_app": "server", "asgi_app": "server", "start_server": "runner",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        try:
            module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        except ImportError as exc:
            if "channels" in str(exc) or "daphne" in str(exc):
                raise ImportError(f"webio.django.{name} needs Channels: pip install webio[django]") from exc
            raise
        return getattr(module, name)
    raise AttributeError(f"module 'webio.django' has no attribute {name!r}")
