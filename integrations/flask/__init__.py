"""``webio.flask``: serve webio apps from a Flask project (HTTP transport).

Mount an app in an existing project, with a blueprint or a plain view::

    from flask import Flask
    from webio.flask import webio_bp, webio_view

    app = Flask(__name__)
    app.register_blueprint(webio_bp(task), url_prefix='/tool')          # /tool and /tool/
    app.add_url_rule('/hello', 'hello', webio_view(hello), methods=['GET', 'POST', 'OPTIONS'])

or run apps on their own: ``start_server(task, port=8080)`` (threaded werkzeug), or
``app = wsgi_app(task)`` for a WSGI server.

Page, assets and the HTTP transport all live at the app's one URL, with relative asset URLs, so
any mount point works and nothing needs a CDN or a static-files step. ``session.info.request`` is
the ``flask.Request`` of the session's first request. Behind a reverse proxy, wrap the app in
werkzeug's ``ProxyFix`` so ``info.user_ip`` is the browser's address.

Deployment: sessions live in one process, so run **one worker** (``gunicorn 'myapp:app'``).
The default sync worker works: its tabs poll about once a second instead of long-polling. With
threads (``gunicorn --threads 16 'myapp:app'``) up to ``http_max_held_polls`` (8) idle tabs
long-poll and the other threads stay free for the rest of the site. Several workers need a shared
bus (``WEBIO_BUS=redis://...`` or ``webio_bp(task, bus=...)``, see the Deployment page).
"""
from __future__ import annotations

try:
    import flask as _flask  # noqa: F401
except ImportError as exc:
    raise ImportError("webio.flask needs Flask: pip install webio[flask]") from exc

from .adapter import translate_request, webio_bp, webio_view
from .server import wsgi_app, start_server

__all__ = ["webio_bp", "webio_view", "wsgi_app", "start_server", "translate_request"]
