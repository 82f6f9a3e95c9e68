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
CALLBACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
BUFFER_BUCKETS = tuple(1024 * 4 ** power for power in range(10))  # 1 KiB ... 256 MiB


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
        self.callbacks = Histogram("webio_callback_seconds",
                                   "From a callback's browser event to the callback's return", buckets=CALLBACK_BUCKETS)
        self.upload_bytes = Counter("webio_upload_bytes", "Bytes of the uploaded files delivered to apps")
        self.upload_files = Counter("webio_uploaded_files", "Uploaded files delivered to apps")
        self.buffered = Gauge("webio_output_buffered_characters",
                              "Output not yet acknowledged by the browsers, summed over the open sessions",
                              multiprocess_mode="livesum")
        self.session_buffered = Histogram("webio_session_output_buffered_characters",
                                          "One session's unacknowledged output, observed as each frame is sealed",
                                          buckets=BUFFER_BUCKETS)

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

    def callback_latency(self, seconds: float) -> None:
        self.callbacks.observe(seconds)

    def upload(self, files: int, size: int) -> None:
        self.upload_files.inc(files)
        self.upload_bytes.inc(size)

    def output_buffered(self, change: int, total: int) -> None:
        if change:
            self.buffered.inc(change)
        if change > 0:
            self.session_buffered.observe(total)


def scrape(multiprocess: bool) -> bytes:
    """The exposition text: this process's registry, or every worker's files in multiprocess mode."""
    if multiprocess:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
