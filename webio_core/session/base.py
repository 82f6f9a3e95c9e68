"""The session engine shared by thread-based and coroutine-based sessions.

Theory of operation
-------------------
A session owns: the outbound stream (commands batched into numbered frames), the mailboxes of
the tasks waiting for browser events (one per running form, ``eval_js``, pin read, …), the
callbacks the app registered (buttons, clickable outputs, toasts, pin_on_change), the deferred
calls, and the session-local namespace.

Waiting is written once, as *flows*: a flow is a generator that sends its command, then yields a
timeout (``None``: wait forever) and receives the next ``Event`` addressed to its task (or
``None`` on timeout), until it returns its result. The thread driver runs a flow by blocking on a
mailbox; the coroutine driver runs the same flow by awaiting one. Everything else is shared.

Transports see a session through ``SessionPort`` (session/port.py), which this class implements.
Besides the app, the session keeps its tab's attachment (state.py ``Attachment``, with the resume
deadline while DETACHED) and the assembler joining a large event sent in chunks.

Transports listen: ``add_listener(fn)`` registers a no-argument function that is called (from any
thread) when a frame becomes ready, the app becomes idle, or the session closes. It must only
schedule work (``loop.call_soon_threadsafe``, ``Condition.notify_all``), never do it.

Backpressure: the output the tab has not acknowledged (queued commands and kept frames,
``OutboundStream.buffered``) is bounded by ``max_buffered_output``. Past it, an output call made by
app code of a thread session waits (counted as waiting, so an HTTP request is answered and the tab
can acknowledge) until the tab catches up or the session closes; a log line says so after
``BLOCKED_LOG_SECONDS``. A coroutine session cannot block inside a plain call: its flows (every
input, ``eval_js``, pin read, ``hold``, ``output_room``) first await room; and an app that floods
without awaiting any of them is closed with an error (``OutputOverflow``) at ``OVERFLOW_FACTOR``
times the bound, so the server's memory stays bounded whatever the app does. Transport notices
never wait.

Idle accounting (for the HTTP transport, which answers a POST once the app has reacted): ``_active``
counts the runners executing app code (main function, callbacks); a runner blocked on a mailbox is
not active. ``is_idle`` is ``_active == 0``. An event delivered to a mailbox counts as activity at
once (the woken runner takes that count over), and so does an event still hopping onto a coroutine
session's loop, so a transport never sees "idle" between an event and the app's reaction to it.
"""
from __future__ import annotations

import abc
import collections
import contextlib
import itertools
import logging
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Generator, Iterator, Optional, Protocol

from .closed_flag import CLOSED, OPEN, ClosedFlag
from ..exceptions import SessionClosedException
from ..protocol import Chunk, ChunkAssembler, ClientMessage, Event, Frame, OutboundStream, command
from ..protocol.frames import encode_ack_frame, encode_command
from .ids import new_session_id, short_id
from ..protocol.events import check_event_seqs, never_issued
from .. import metrics
from ..rejections import log_rejected
from .context import peek_current_session
from .info import SessionInfo
from .listeners import SessionListeners
from .local import SessionLocal
from .memory import trim_free_memory
from .state import Attachment, CloseReason, SessionState, move
from .uploads import UploadCheck, task_id_in

logger = logging.getLogger("webio.session")
# With debug=True, every frame sent and event received (``webio.session.wire`` at DEBUG; long frames cut).
wire_logger = logging.getLogger("webio.session.wire")
DEBUG_TEXT_LIMIT = 2000

# A flow yields a timeout (seconds or None) and is sent the next Event for its task, or None on timeout.
Flow = Generator[Optional[float], Optional[Event], Any]
FlowFactory = Callable[[str], Flow]
Listener = Callable[[], None]

DEFAULT_MAX_BUFFERED_OUTPUT = 8 * 1024 * 1024
# An app blocked this long on a tab that does not read its output gets a log line (then every period).
BLOCKED_LOG_SECONDS = 10.0
# A coroutine app that never awaits is stopped when its unacknowledged output reaches this many bounds.
OVERFLOW_FACTOR = 4


class Mailbox(Protocol):
    """The events waiting for one task; each driver adds its own way to wait (``get``)."""

    events: collections.deque[Event]

    def put(self, event: Event) -> None:
        """Queue ``event`` and wake the waiter (called under the session lock, on any thread)."""

    def close(self) -> None:
        """Wake the waiter with ``SessionClosedException``."""


class Waiting:
    """One wait of app code for the browser (see ``Session.waiting``); set ``delivered`` once an
    event reached the waiter, which then takes over the activity ``dispatch`` counted for it."""

    __slots__ = ("delivered",)

    def __init__(self) -> None:
        self.delivered = False


@dataclass
class Callback:
    """A function the browser can trigger through a ``callback`` event; called as ``func(data)``."""

    func: Callable[..., Any]
    serial_mode: bool = False
    mutex_mode: bool = False
    running: int = 0
    once: bool = False


class Session(SessionListeners, abc.ABC):
    """One browser tab running one app. Subclasses supply the waiting and spawning primitives."""

    kind: str = "abstract"

    def __init__(self, app: Optional[Callable[..., Any]], info: Optional[SessionInfo] = None,
                 *, session_id: Optional[str] = None, debug: bool = False,
                 max_retained_frames: int = 10_000, max_payload_size: int = 200 * 1024 * 1024,
                 max_buffered_output: int = DEFAULT_MAX_BUFFERED_OUTPUT) -> None:
        self.id = session_id or new_session_id()
        self.app = app
        self.info = info or SessionInfo()
        self.debug = debug
        self.state = SessionState.RUNNING
        self.close_reason: Optional[CloseReason] = None
        self.local = SessionLocal()
        self.env: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._room = threading.Condition(self._lock)  # notified when output is acknowledged or on close
        self.max_buffered_output = max_buffered_output
        self._stream = OutboundStream(max_retained_frames)
        self._buffer_reported = 0  # the unacknowledged output last given to the metrics
        self._listeners: list[Listener] = []
        self._mailboxes: dict[str, Mailbox] = {}
        self._callbacks: dict[str, Callback] = {}
        self._deferred: list[Callable[[], Any]] = []
        self._close_hooks: list[Callable[[Session], None]] = []
        self._ids = itertools.count(1)
        self._last_id = 0  # the number of the last task or callback id given out
        self._last_event_seq = 0
        self._active = 0
        self.app_finished = False
        self._attachment = Attachment.ATTACHED
        self._detached_until = 0.0
        # Connections serving the session (the opening one counts): with several workers, a tab's
        # new socket may attach on one worker before its old socket's loss is seen on another.
        self._connections = 1
        self._chunks = ChunkAssembler(max_payload_size)
        self._chunks_lock = threading.Lock()
        self._upload_checks: dict[str, UploadCheck] = {}

    # ----------------------------------------------------------------- app side: output
    @property
    def closed(self) -> ClosedFlag:
        """True once the session is closed; callable too (``session.closed()``), as in PyWebIO."""
        return CLOSED if self.state is SessionState.CLOSED else OPEN

    def send(self, name: str, spec: Any = None, task_id: Optional[str] = None) -> None:
        """Queue one command for the browser; raise ``SessionClosedException`` once closed."""
        self.send_command(command(name, spec, task_id))

    def send_command(self, cmd: dict[str, Any]) -> None:
        text = encode_command(cmd)
        if self._stream.buffered > self.max_buffered_output and peek_current_session() is self:
            self._over_bound()
        with self._lock:
            if self.state is SessionState.CLOSED:
                raise SessionClosedException(f"the session is closed ({self._closed_because()}); nothing more can be shown")
            wake = self._stream.push_text(text)
        if wake:
            self._notify()

    @property
    def buffered_output(self) -> int:
        """Output (characters of JSON) the tab has not acknowledged yet."""
        return self._stream.buffered

    @property
    def has_room(self) -> bool:
        """Whether app output may go on without waiting (see "Backpressure" above)."""
        return self._stream.buffered <= self.max_buffered_output or self.state is SessionState.CLOSED

    def _over_bound(self) -> None:
        """App code sends past ``max_buffered_output`` (no lock held): the driver waits or refuses."""

    def _log_blocked(self, since: float) -> None:
        """Log that the app has waited since ``since`` (``time.monotonic()``) for a slow tab."""
        logger.warning("session %s: the app has waited %.0f s for the browser to read its output "
                       "(%d characters not acknowledged, max_buffered_output=%d); it goes on once the "
                       "browser catches up or leaves", short_id(self.id), time.monotonic() - since,
                       self._stream.buffered, self.max_buffered_output)

    def _room_changed(self) -> None:
        with self._lock:
            self._room.notify_all()

    def _closed_because(self) -> str:
        return self.close_reason.value if self.close_reason else "closed"

    def new_id(self, prefix: str) -> str:
        """A task or callback id unique within the session."""
        with self._lock:
            number = self._last_id = next(self._ids)
        return f"{prefix}{number}"

    # ----------------------------------------------------------------- app side: callbacks
    def register_callback(self, func: Callable[..., Any], *, serial_mode: bool = False,
                          mutex_mode: bool = False, once: bool = False) -> str:
        """Make ``func`` callable from the browser; returns the ``callback_id`` to put in a spec."""
        if not callable(func):
            raise TypeError(f"a callback must be callable, got {func!r}")
        callback_id = self.new_id("cb")
        with self._lock:
            self._callbacks[callback_id] = Callback(func, serial_mode, mutex_mode, once=once)
        return callback_id

    def unregister_callback(self, callback_id: str) -> None:
        with self._lock:
            self._callbacks.pop(callback_id, None)

    @property
    def has_callbacks(self) -> bool:
        return bool(self._callbacks)

    def defer_call(self, func: Callable[[], Any]) -> None:
        """Run ``func`` when the session closes, after the earlier deferred calls."""
        with self._lock:
            if self.state is SessionState.CLOSED:
                raise SessionClosedException("defer_call() after the session closed: the function would never run")
            self._deferred.append(func)

    def on_close(self, hook: Callable[[Session], None]) -> None:
        """Server-side hook run once the session is closed (registries use it)."""
        self._close_hooks.append(hook)

    # ----------------------------------------------------------------- app side: waiting
    def open_task(self) -> str:
        """Create the mailbox of a new task; events with this ``task_id`` are queued in it."""
        task_id = self.new_id("t")
        with self._lock:
            if self.state is SessionState.CLOSED:
                raise SessionClosedException(f"the session is closed ({self._closed_because()})")
            self._mailboxes[task_id] = self._new_mailbox()
        return task_id

    def close_task(self, task_id: str) -> None:
        with self._lock:
            self._upload_checks.pop(task_id, None)
            mailbox = self._mailboxes.pop(task_id, None)
            # Events delivered but never taken were counted as activity by ``dispatch``.
            undelivered = len(mailbox.events) if mailbox is not None else 0
            if undelivered:
                self._activity(-undelivered)

    @abc.abstractmethod
    def run_flow(self, factory: FlowFactory) -> Any:
        """Run a flow to its result: blocking (thread) or as an awaitable (coroutine)."""

    @abc.abstractmethod
    def output_room(self) -> Any:
        """Wait until the tab has read enough output (thread: block; coroutine: awaitable)."""

    @abc.abstractmethod
    def hold(self) -> Any:
        """Wait until the session closes (thread: block; coroutine: awaitable)."""

    # ----------------------------------------------------------------- transport side
    _logger = logger  # where a failing close hook is logged

    def _has_news(self) -> bool:
        return self._stream.has_pending or self.state is SessionState.CLOSED

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a broken transport must not break the app
                logger.exception("session %s: transport listener failed", short_id(self.id))

    def check_uploads(self, task_id: str, check: UploadCheck) -> None:
        """Check the large events sent to ``task_id`` from their first chunk (session/uploads.py);
        forgotten when the task closes."""
        with self._lock:
            self._upload_checks[task_id] = check

    def add_chunk(self, chunk: Chunk) -> Optional[ClientMessage]:
        """Join one chunk of a large event (see ``ChunkAssembler.add``); the message once complete.

        The first chunk of an event for a task with upload limits is checked against them first:
        refused, the user sees why under the input and the rest of the event is ignored."""
        refused = None
        with self._chunks_lock:
            limit = None
            task_id = None
            if chunk.index == 0 and not self._chunks.is_repeat(chunk):
                task_id = chunk.task_id or task_id_in(chunk.data)
                check = self._upload_checks.get(task_id) if task_id else None
                if check is not None:
                    files = dict(chunk.files) if chunk.files is not None else None
                    verdict = check(files, chunk.size)
                    if verdict.refused_input is not None:
                        self._chunks.refuse(chunk)
                        refused = verdict
                    limit = verdict.limit
            message = None if refused is not None else self._chunks.add(chunk, limit)
        if refused is not None and task_id is not None:
            self._refuse_upload(chunk.seq, task_id, refused.refused_input or "", refused.message)
        return message

    def _refuse_upload(self, seq: int, task_id: str, name: str, message: str) -> None:
        logger.info("session %s: refused an upload to %r from its first chunk: %s", short_id(self.id), name, message)
        with self._lock:  # the event counts as processed: the tab may forget it
            self._last_event_seq = max(self._last_event_seq, seq)
            if self.state is SessionState.CLOSED:
                return
            self._stream.push(command("update_input", {
                "target_name": name, "attributes": {"valid_status": False, "invalid_feedback": message}}, task_id))
        self._notify()

    # ----------------------------------------------------------------- attachment
    @property
    def attachment(self) -> Attachment:
        return self._attachment

    def attach(self) -> None:
        """A connection serves the session now; a partly joined chunked event is dropped."""
        with self._lock:
            self._attachment = move(self._attachment, Attachment.ATTACHED)
            self._detached_until = 0.0
            self._connections += 1
        with self._chunks_lock:
            self._chunks.drop()

    def detach(self, grace_seconds: float) -> None:
        """A connection was lost: once none is left, the tab may resume within ``grace_seconds``."""
        with self._lock:
            if self._attachment is Attachment.CLOSED:
                return
            self._connections = max(0, self._connections - 1)
            if self._connections:  # a newer connection (maybe on another worker) serves the tab
                return
            self._attachment = move(self._attachment, Attachment.DETACHED)
            self._detached_until = time.monotonic() + grace_seconds
        with self._chunks_lock:  # a partial event is sent again whole on resume: hold no memory for it
            partial = self._chunks.assembling
            self._chunks.drop()
        if partial:
            trim_free_memory()

    def close_if_abandoned(self, now: Optional[float] = None) -> bool:
        """Close the session if it is detached past its deadline; True if it closed."""
        now = time.monotonic() if now is None else now
        with self._lock:
            abandoned = self._attachment is Attachment.DETACHED and now >= self._detached_until
        if abandoned:
            self.close(CloseReason.BROWSER_LEFT)
        return abandoned

    def take_frame(self) -> Optional[Frame]:
        """Seal what the app queued into the next frame (None if nothing is queued)."""
        with self._lock:
            frame = self._stream.seal(ack=self._last_event_seq or None)
            change, total = self._buffer_change()
        if frame is not None:
            metrics.recorder.frame_out(frame)
            metrics.recorder.output_buffered(change, total)
            if self.debug and wire_logger.isEnabledFor(logging.DEBUG):
                wire_logger.debug("session %s: sent %s", short_id(self.id), frame.text[:DEBUG_TEXT_LIMIT])
        return frame

    def replay(self, after_seq: int) -> list[Frame]:
        with self._lock:
            return self._stream.replay(after_seq)

    def can_resume_from(self, after_seq: int) -> bool:
        with self._lock:
            return self._stream.can_resume_from(after_seq)

    @property
    def has_pending_output(self) -> bool:
        return self._stream.has_pending

    def has_output_after(self, seq: int) -> bool:
        """Whether a connection that sent frames up to ``seq`` has anything to do: output queued,
        frames sealed after ``seq``, or the session closed (read under the lock: a seal is atomic)."""
        with self._lock:
            return self._stream.has_pending or self._stream.last_seq > seq or self.state is SessionState.CLOSED

    @property
    def last_frame_seq(self) -> int:
        return self._stream.last_seq

    def ack_frame_text(self) -> str:
        return encode_ack_frame(self._last_event_seq)

    @property
    def last_event_seq(self) -> int:
        return self._last_event_seq

    @property
    def is_idle(self) -> bool:
        return self._active <= 0 or self.state is SessionState.CLOSED

    def _buffer_change(self) -> tuple[int, int]:
        """(change, total) of the unacknowledged output since it was last reported (lock held); 0 once closed."""
        total = 0 if self.state is SessionState.CLOSED else self._stream.buffered
        change, self._buffer_reported = total - self._buffer_reported, total
        return change, total

    def receive(self, message: ClientMessage) -> bool:
        """Take one decoded client message; False if it was a duplicate (already processed)."""
        with self._lock:
            if message.ack is not None:
                before = self._stream.buffered
                self._stream.acknowledge(message.ack)
                if self._stream.buffered < before:
                    self._room_changed()
                    metrics.recorder.output_buffered(*self._buffer_change())
            if message.seq is not None:
                if message.seq <= self._last_event_seq:
                    return False
                check_event_seqs(self._last_event_seq, [message.seq])  # RemoteProtocolError if far ahead
                self._last_event_seq = message.seq
        if message.event is not None:
            metrics.recorder.event_in()
            if self.debug and wire_logger.isEnabledFor(logging.DEBUG):
                wire_logger.debug("session %s: received %r", short_id(self.id), message.event)
            self.dispatch(message.event)
        return True

    def dispatch(self, event: Event) -> None:
        """Deliver an event to its task's mailbox, or run the callback it names."""
        if self.state is SessionState.CLOSED:
            return
        if event.name == "callback":
            callback = self._callbacks.get(event.task_id)
            if callback is not None:
                if callback.once:
                    self.unregister_callback(event.task_id)
                self._start_callback(callback, event.data, time.monotonic())
                return
        with self._lock:
            mailbox = self._mailboxes.get(event.task_id)
            if mailbox is not None:
                # The waiter counts as active from the moment its event is queued (it takes the
                # count over when it wakes), so ``is_idle`` is never true between the two.
                self._activity(+1)
                mailbox.put(event)
                return
        if never_issued(event.task_id, self._last_id):
            log_rejected(logger, "unknown task", "session %s: rejected %s event for task %r, which never existed",
                         short_id(self.id), event.name, event.task_id)
        else:
            log_rejected(logger, "finished task", "session %s: dropped %s event for finished task %r",
                         short_id(self.id), event.name, event.task_id, level=logging.INFO)

    # ----------------------------------------------------------------- lifecycle
    @abc.abstractmethod
    def start(self) -> None:
        """Start the app function."""

    def close(self, reason: CloseReason = CloseReason.BROWSER_LEFT) -> None:
        """Close the session: wake every waiter with ``SessionClosedException``, run deferred calls."""
        with self._lock:
            if self.state is SessionState.CLOSED:
                return
            self.state = move(self.state, SessionState.CLOSED)
            self._attachment = move(self._attachment, Attachment.CLOSED)
            self.close_reason = reason
            if reason is not CloseReason.BROWSER_LEFT:
                self._stream.push(command("close_session"))
            mailboxes = list(self._mailboxes.values())
            self._mailboxes.clear()
            self._callbacks.clear()
            deferred, self._deferred = self._deferred, []
            unbuffered, _ = self._buffer_change()
        metrics.recorder.output_buffered(unbuffered, 0)
        logger.debug("session %s closed: %s", short_id(self.id), reason.value)
        self._room_changed()
        for mailbox in mailboxes:
            mailbox.close()
        self._run_deferred(deferred)
        with self._chunks_lock:
            self._chunks.close()  # the temporary files of uploads
        self._notify()
        self._run_close_hooks()
        self._after_close()

    def _run_deferred(self, deferred: list[Callable[[], Any]]) -> None:
        for func in deferred:
            try:
                func()
            except Exception:
                logger.exception("session %s: deferred call %r failed", short_id(self.id), func)

    def _after_close(self) -> None:
        """Release driver resources (worker threads, tasks)."""

    def _app_returned(self) -> None:
        """The app function finished: hold while callbacks can fire, else close."""
        with self._lock:
            self.app_finished = True
            if self.state is not SessionState.RUNNING:
                return
            if self._callbacks:
                self.state = move(self.state, SessionState.HOLDING)
                return
        self.close(CloseReason.APP_FINISHED)

    def report_app_error(self, where: str) -> None:
        """Log the running exception and show the user that something went wrong."""
        logger.exception("session %s: error in %s", short_id(self.id), where)
        if self.state is SessionState.CLOSED:
            return
        details = traceback.format_exc() if self.debug else ""
        spec: dict[str, Any] = {
            "type": "alert", "color": "danger", "closable": True,
            "contents": [{"type": "text", "content": f"An internal error occurred in the application ({where})."}],
            "scope": "#webio-scope-ROOT", "position": -1,
        }
        if details:
            spec["contents"].append({"type": "code", "content": details, "language": "python", "rows": None})
        with self._lock:  # past any bound: the user must learn why the app stopped
            if self.closed:  # closed meanwhile, from another thread
                return
            self._stream.push(command("output", spec))
        self._notify()

    # ----------------------------------------------------------------- driver primitives
    def _activity(self, delta: int) -> None:
        with self._lock:
            self._active += delta
            idle = self._active <= 0
        if idle:
            self._notify()

    @contextlib.contextmanager
    def waiting(self) -> Iterator[Waiting]:
        """Account for app code waiting for the browser (a flow's next event, ``hold``): it is not
        active while it waits, and active again when it resumes, unless an event was delivered
        to it (``dispatch`` counted that one already). Both drivers wait only through this."""
        wait, started = Waiting(), time.monotonic()
        self._activity(-1)
        try:
            yield wait
        finally:
            if not wait.delivered:
                self._activity(+1)
            else:
                metrics.recorder.input_latency(time.monotonic() - started)

    @abc.abstractmethod
    def _new_mailbox(self) -> Mailbox: ...

    @abc.abstractmethod
    def _start_callback(self, callback: Callback, data: Any, received: float) -> None:
        """Run ``callback(data)`` for an event that arrived at ``received`` (``time.monotonic()``);
        call ``_callback_returned(received)`` once it returned."""

    def _callback_returned(self, received: float) -> None:
        metrics.recorder.callback_latency(time.monotonic() - received)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {short_id(self.id)}… {self.state.name}>"
