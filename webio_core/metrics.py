"""Prometheus metrics of webio sessions: off by default, one no-op ``recorder`` until enabled.

Hooks in the core call ``metrics.recorder.<event>(...)``; while metrics are off that is an empty
method call and prometheus_client is never imported. ``enable_metrics()`` (or
``start_server(metrics=True)``) swaps in a recorder that counts into prometheus_client.
With ``PROMETHEUS_MULTIPROC_DIR`` set (several gunicorn workers), the exposition merges every
worker's files. See docs/operations.md.

Example::

    from webio.metrics import enable_metrics, metrics_wsgi_app
    enable_metrics()
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": metrics_wsgi_app()})
"""
from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .protocol.frames import Frame
    from .session.base import Session

__all__ = ["Recorder", "recorder", "enable_metrics", "metrics_enabled", "exposition", "metrics_wsgi_app",
           "metrics_asgi_app", "CONTENT_TYPE"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_MISSING_TEXT = "metrics need prometheus_client: pip install 'webio[metrics]'"


class Recorder:
    """What the core reports; every method does nothing (metrics off)."""

    def session_started(self, session: Session, app: str) -> None:
        """A session of ``app`` started (its close is reported through ``session.on_close``)."""

    def event_in(self) -> None:
        """The browser sent an event to a session."""

    def frame_out(self, frame: Frame) -> None:
        """A session sealed a frame for its tab."""

    def rejected(self, reason: str) -> None:
        """A message from the browser was rejected (``reason``: the rejection log's reason)."""

    def input_latency(self, seconds: float) -> None:
        """A waiting call (input, eval_js...) got its answer ``seconds`` after its command was sent."""

    def callback_latency(self, seconds: float) -> None:
        """A callback (a button's ``onclick``...) returned ``seconds`` after its browser event arrived."""

    def upload(self, files: int, size: int) -> None:
        """A file input delivered ``files`` uploaded files of ``size`` bytes in all to its app."""

    def output_buffered(self, change: int, total: int) -> None:
        """A session's unacknowledged output changed by ``change`` to ``total`` characters."""


recorder: Recorder = Recorder()
_lock = threading.Lock()


def metrics_enabled() -> bool:
    """Whether ``enable_metrics()`` ran in this process."""
    return type(recorder) is not Recorder


def enable_metrics() -> None:
    """Count sessions, events, frames and rejections into prometheus_client from now on (idempotent)."""
    global recorder
    with _lock:
        if metrics_enabled():
            return
        try:
            from .ops.prometheus import PrometheusRecorder
        except ImportError as error:
            raise RuntimeError(_MISSING_TEXT) from error
        recorder = PrometheusRecorder()


def exposition() -> bytes:
    """The metrics in Prometheus' text format (every worker's, with ``PROMETHEUS_MULTIPROC_DIR`` set)."""
    if not metrics_enabled():
        raise RuntimeError("metrics are off: call webio.metrics.enable_metrics() (or start_server(metrics=True)) first")
    from .ops.prometheus import scrape

    return scrape(bool(os.environ.get(_MULTIPROC_ENV)))


def metrics_wsgi_app() -> Callable[..., Any]:
    """A WSGI app answering every GET with ``exposition()`` (mount it at ``/metrics``); enables metrics."""
    enable_metrics()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = exposition()
        start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))])
        return [body]

    return app


def metrics_asgi_app() -> Callable[..., Any]:
    """An ASGI app answering every HTTP request with ``exposition()`` (mount it at ``/metrics``); enables metrics."""
    enable_metrics()

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        body = exposition()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return app
