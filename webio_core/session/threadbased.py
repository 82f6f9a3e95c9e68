"""Thread-based sessions: the app function runs in its own thread and blocks while it waits.

Callbacks run each in a new thread, except ``serial_mode`` ones, which run one after another in
a resident worker thread of the session; while a serial callback runs, other callbacks wait for it
(manual §4.3 ``put_buttons``). ``mutex_mode`` drops a click while the same callback still runs.
Closing wakes every waiter with ``SessionClosedException`` and stops the worker, so a closed session
leaves no thread behind.
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


class ThreadMailbox:
    """Events for one task; ``get`` blocks until one arrives, the timeout passes, or the session closes."""

    __slots__ = ("events", "cond", "closed")

    def __init__(self) -> None:
        self.events: collections.deque[Event] = collections.deque()
        self.cond = threading.Condition(threading.Lock())
        self.closed = False

    def put(self, event: Event) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify()

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def get(self, timeout: Optional[float]) -> Optional[Event]:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.cond:
            while not self.events:
                if self.closed:
                    raise SessionClosedException("the session closed while the app was waiting for the browser")
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self.cond.wait(remaining)
            return self.events.popleft()


class ThreadSession(Session):
    """A session whose app is a plain function run in a thread."""

    kind = "thread"

    def __init__(self, app: Optional[Callable[..., Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        self._closed_event = threading.Event()
        self._serial_queue: Optional[queue.SimpleQueue[Any]] = None
        self._serial_lock = threading.Lock()
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
            self._spawn(self._run_callback, callback, data, received, True, name=f"webio-callback-{self.id[:6]}")

    def _serial_worker(self) -> None:
        assert self._serial_queue is not None
        while True:
            item = self._serial_queue.get()
            if item is _STOP:
                return
            callback, data, received = item
            with self._serial_lock:
                self._run_callback(callback, data, received, False)

    def _run_callback(self, callback: Callback, data: Any, received: float, wait_for_serial: bool) -> None:
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
            self._activity(-1)

