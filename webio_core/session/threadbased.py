"""Thread-based sessions: the app function runs in its own thread and blocks while it waits.

Callbacks run each in a thread of their own, so one that blocks (on ``input()``, say) never holds up
another: a callback thread that finished waits ``WORKER_LINGER`` seconds for the next callback
before it ends, and a new one starts only when none is free (starting a thread costs the event loop
a hand-off of the GIL; a click on a busy server spent a third of the loop's time there).
Each callback runs in a fresh ``contextvars`` context. ``serial_mode`` callbacks run one after
another in a resident worker thread of the session; while a serial callback runs, other callbacks
wait for it (manual §4.3 ``put_buttons``). ``mutex_mode`` drops a click while the same callback still
runs. Closing wakes every waiter with ``SessionClosedException`` and stops the workers, so a closed
session leaves no thread behind.
"""
from __future__ import annotations

import collections
import contextvars
import inspect
import queue
import threading
import time
from typing import Any, Callable, Optional

from ..exceptions import SessionClosedException, SessionException
from ..protocol import Event
from .base import BLOCKED_LOG_SECONDS, Callback, FlowFactory, Session
from .context import bind_thread, current_session_var, unbind_thread
from .state import CloseReason, SessionState

_STOP = object()
# How long a callback thread that finished waits for the next callback of its session before ending.
WORKER_LINGER = 10.0


class ThreadMailbox:
    """Events for one task; ``get`` blocks until one arrives, the timeout passes, or the session closes.

    Each ``put`` adds a token to a ``SimpleQueue`` (C code: no Python-level Condition and lock per
    wait); the waiter takes a token, then the event. ``close`` adds a closing token, which stays."""

    __slots__ = ("events", "_tokens", "closed")

    def __init__(self) -> None:
        self.events: collections.deque[Event] = collections.deque()
        self._tokens: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self.closed = False

    def put(self, event: Event) -> None:
        self.events.append(event)
        self._tokens.put(True)

    def close(self) -> None:
        self.closed = True
        self._tokens.put(False)

    def get(self, timeout: Optional[float]) -> Optional[Event]:
        try:
            event_token = self._tokens.get(timeout=None if timeout is None else max(timeout, 0.0))
        except queue.Empty:
            return None
        if event_token and self.events:  # events queued before the close are still delivered
            return self.events.popleft()
        self._tokens.put(False)  # the session stays closed for any later wait
        raise SessionClosedException("the session closed while the app was waiting for the browser")


class ThreadSession(Session):
    """A session whose app is a plain function run in a thread."""

    kind = "thread"

    def __init__(self, app: Optional[Callable[..., Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        self._closed_event = threading.Event()
        self._serial_queue: Optional[queue.SimpleQueue[Any]] = None
        self._serial_lock = threading.Lock()
        # The inboxes of callback threads waiting for work (deque: append/pop/remove need no lock).
        self._idle_workers: collections.deque[queue.SimpleQueue[Any]] = collections.deque()
        self.main_thread: Optional[threading.Thread] = None

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self.app is None:
            raise RuntimeError("this session has no app function to start")
        self._active += 1
        self.main_thread = self._spawn(self._run_main, name=f"webio-app-{self.id[:6]}")

    def _spawn(self, target: Callable[..., Any], *args: Any, name: str) -> threading.Thread:
        context = contextvars.Context()
        context.run(current_session_var.set, self)
        thread = threading.Thread(target=context.run, args=(target, *args), name=name, daemon=True)
        thread.start()
        return thread

    def _run_main(self) -> None:
        try:
            assert self.app is not None
            self.app()
        except SessionException:
            pass
        except Exception:
            self.report_app_error("the app function")
            self._activity(-1)
            self.close(CloseReason.APP_ERROR)
            return
        self._activity(-1)
        self._app_returned()

    def bind_current_thread(self) -> None:
        """Script mode: the calling thread (the script itself) is the app of this session."""
        bind_thread(threading.current_thread(), self)
        self._active += 1

    def register_thread(self, thread: threading.Thread) -> None:
        """Let ``thread`` call webio functions for this session (manual §4.4 ``register_thread``)."""
        bind_thread(thread, self)
        self.defer_call(lambda: unbind_thread(thread))

    def _after_close(self) -> None:
        self._closed_event.set()
        if self._serial_queue is not None:
            self._serial_queue.put(_STOP)
        while self._idle_workers:
            try:
                self._idle_workers.pop().put(_STOP)
            except IndexError:  # a worker took itself off meanwhile
                break

    # ----------------------------------------------------------------- waiting
    def _over_bound(self) -> None:
        """Block the app's thread until the tab catches up (or the session closes)."""
        since = time.monotonic()
        next_log = since + BLOCKED_LOG_SECONDS
        with self.waiting(), self._lock:
            while not self.has_room:
                self._room.wait(max(next_log - time.monotonic(), 0.0))
                if not self.has_room and time.monotonic() >= next_log:
                    self._log_blocked(since)
                    next_log += BLOCKED_LOG_SECONDS
        if self.closed:
            raise SessionClosedException("the session closed while the app waited for the browser to read its output")

    def output_room(self) -> None:
        """Block until the tab has read enough output for the app to go on (see "Backpressure")."""
        if not self.has_room:
            self._over_bound()

    def _new_mailbox(self) -> ThreadMailbox:
        return ThreadMailbox()

    def run_flow(self, factory: FlowFactory) -> Any:
        task_id = self.open_task()
        mailbox = self._mailboxes[task_id]
        assert isinstance(mailbox, ThreadMailbox)
        flow = factory(task_id)
        try:
            timeout = next(flow)
            while True:
                with self.waiting() as wait:
                    event = mailbox.get(timeout)
                    wait.delivered = event is not None
                timeout = flow.send(event)
        except StopIteration as finished:
            return finished.value
        finally:
            flow.close()
            self.close_task(task_id)

    def hold(self) -> None:
        """Block until the browser leaves (``SessionClosedException`` is not raised)."""
        with self.waiting():
            self._closed_event.wait()

    # ----------------------------------------------------------------- callbacks
    def _start_callback(self, callback: Callback, data: Any, received: float) -> None:
        if callback.mutex_mode and callback.running:
            return
        callback.running += 1
        self._activity(+1)
        if callback.serial_mode:
            if self._serial_queue is None:
                self._serial_queue = queue.SimpleQueue()
                self._spawn(self._serial_worker, name=f"webio-serial-{self.id[:6]}")
            self._serial_queue.put((callback, data, received))
        else:
            self._hand_to_worker(callback, data, received)

    def _hand_to_worker(self, callback: Callback, data: Any, received: float) -> None:
        """Run a callback in a free callback thread of the session, or in a new one."""
        try:
            inbox = self._idle_workers.pop()
        except IndexError:
            inbox = queue.SimpleQueue()
            threading.Thread(target=self._callback_worker, args=(inbox,), daemon=True,
                             name=f"webio-callback-{self.id[:6]}").start()
        inbox.put((callback, data, received))

    def _callback_worker(self, inbox: queue.SimpleQueue[Any]) -> None:
        """Run the callbacks handed to ``inbox``; end after ``WORKER_LINGER`` idle seconds or at close."""
        item = inbox.get()
        while item is not _STOP:
            callback, data, received = item
            context = contextvars.Context()
            context.run(current_session_var.set, self)
            # Free for the next callback before the session can count as idle (see _run_callback).
            context.run(self._run_callback, callback, data, received, True, lambda: self._idle_workers.append(inbox))
            del item, callback, data, context
            # Closed meanwhile (close sets the state, then stops the idle workers): end, unless
            # close already took this inbox off the list, in which case _STOP is on its way.
            if self.state is SessionState.CLOSED and self._leave_idle(inbox):
                return
            try:
                item = inbox.get(timeout=WORKER_LINGER)
            except queue.Empty:
                if self._leave_idle(inbox):
                    return
                item = inbox.get()  # taken off the list just now: its callback (or _STOP) is on the way

    def _leave_idle(self, inbox: queue.SimpleQueue[Any]) -> bool:
        """Take ``inbox`` off the idle list; False if someone took it first (an item is on its way)."""
        try:
            self._idle_workers.remove(inbox)
        except ValueError:
            return False
        return True

    def _serial_worker(self) -> None:
        assert self._serial_queue is not None
        while True:
            item = self._serial_queue.get()
            if item is _STOP:
                return
            callback, data, received = item
            with self._serial_lock:
                self._run_callback(callback, data, received, False)

    def _run_callback(self, callback: Callback, data: Any, received: float, wait_for_serial: bool,
                      finished: Optional[Callable[[], None]] = None) -> None:
        try:
            if wait_for_serial:
                with self._serial_lock:
                    pass
            if self.state is not SessionState.CLOSED:
                result = callback.func(data)
                awaitable = inspect.isawaitable(result)
                if awaitable:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
                # Drop the result now: a callback like ``lambda v: put_text(v)`` returns an output
                # that is sent when released, and it must be sent before the session counts as idle.
                del result
                if awaitable:
                    raise TypeError(
                        "a coroutine function was given as a callback in a thread-based session: "
                        "make the app an 'async def' function to use async callbacks, or pass a plain function"
                    )
        except SessionException:
            pass
        except Exception:
            self.report_app_error("a callback")
        finally:
            callback.running -= 1
            self._callback_returned(received)
            if finished is not None:
                finished()
            self._activity(-1)

