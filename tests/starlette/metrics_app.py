"""The scenario apps with Prometheus metrics mounted the documented way (docs/operations.md, Metrics):
``uvicorn tests.starlette.metrics_app:app`` serves the apps at ``/`` and the metrics at ``/metrics/``."""
from __future__ import annotations

from scenario_apps import APPS
from starlette.routing import Mount

from webio.metrics import metrics_asgi_app
from webio.starlette import asgi_app

app = asgi_app(APPS)
app.router.routes.insert(0, Mount("/metrics", app=metrics_asgi_app()))
