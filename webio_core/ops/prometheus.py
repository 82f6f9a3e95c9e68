"""The recorder that counts into prometheus_client (imported by ``webio.metrics.enable_metrics`` only).

Example::

    PrometheusRecorder().rejected("message")   # webio_rejected_messages_total{reason="message"} += 1
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import REGISTRY
from prometheus_client.multiprocess import MultiProcessCollector

from ..metrics import Recorder

if TYPE_CHECKING:
    from ..protocol.frames import Frame
    from ..session.base import Session

SESSION_LABELS = ("app", "transport", "kind")
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800)


class PrometheusRecorder(Recorder):
    """Count webio's events into prometheus_client's default registry."""

    def __init__(self) -> None:
        # livesum: with several workers, the gauge is the sum of the live workers' values.
        self.open = Gauge("webio_sessions_open", "Sessions open now", SESSION_LABELS, multiprocess_mode="livesum")
        self.opened = Counter("webio_sessions_opened", "Sessions started", SESSION_LABELS)
        self.closed = Counter("webio_sessions_closed", "Sessions closed, by reason", (*SESSION_LABELS, "reason"))
        self.expired = Counter("webio_sessions_expired", "Sessions closed because their tab was silent too long",
                               SESSION_LABELS)
        self.events = Counter("webio_events_in", "Events received from browsers")
        self.frames = Counter("webio_frames_out", "Frames sealed for browsers")
        self.bytes = Counter("webio_bytes_out", "UTF-8 bytes of the frames sealed for browsers")
        self.rejections = Counter("webio_rejected_messages", "Browser messages rejected, by reason", ("reason",))
        self.latency = Histogram("webio_input_round_trip_seconds",
                                 "From a waiting call's command to the browser's answer", buckets=LATENCY_BUCKETS)

    def session_started(self, session: Session, app: str) -> None:
        labels = (app, session.info.protocol or "", session.kind)
        self.opened.labels(*labels).inc()
        self.open.labels(*labels).inc()

        def closed(_: object) -> None:
            reason = session.close_reason.value if session.close_reason else "closed"
            self.open.labels(*labels).dec()
            self.closed.labels(*labels, reason).inc()
            if reason == "expired":
                self.expired.labels(*labels).inc()

        session.on_close(closed)

    def event_in(self) -> None:
        self.events.inc()

    def frame_out(self, frame: Frame) -> None:
        self.frames.inc()
        self.bytes.inc(len(frame.text.encode()))

    def rejected(self, reason: str) -> None:
        self.rejections.labels(reason).inc()

    def input_latency(self, seconds: float) -> None:
        self.latency.observe(seconds)


def scrape(multiprocess: bool) -> bytes:
    """The exposition text: this process's registry, or every worker's files in multiprocess mode."""
    if multiprocess:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
