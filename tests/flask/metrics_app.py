"""The echo apps with Prometheus metrics mounted the documented way (docs/operations.md, Metrics):
``gunicorn 'tests.flask.metrics_app:app'`` serves the apps at ``/`` and the metrics at ``/metrics``."""
from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from tests.flask.flask_apps import APPS
from webio.flask import wsgi_app
from webio.metrics import metrics_wsgi_app

app = wsgi_app(APPS)
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": metrics_wsgi_app()})  # type: ignore[method-assign]
