"""``/metrics`` on the default Tornado server (``start_server(metrics=True)``).

Example::

    tornado.web.Application([(r"/metrics", MetricsHandler), (r"/", webio_handler(main))])
"""
from __future__ import annotations

import tornado.web

from ..metrics import CONTENT_TYPE, enable_metrics, exposition

__all__ = ["MetricsHandler", "metrics_route"]


class MetricsHandler(tornado.web.RequestHandler):
    """Answer GET with the Prometheus exposition of ``webio.metrics``."""

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE)
        self.write(exposition())


def metrics_route() -> tuple[str, type[MetricsHandler]]:
    """Turn metrics on and return the ``(r"/metrics", MetricsHandler)`` route."""
    enable_metrics()
    return (r"/metrics", MetricsHandler)
