"""Coroutine-based sessions: ``async def`` apps run as asyncio tasks on one event loop.

The loop is the server's own (Tornado, aiohttp, Starlette) or, under a WSGI server, a background
loop thread (``webio.platform.run_event_loop``; started automatically on first need). Everything of
a session happens on its loop: events and closes arriving from other threads hop onto it.
Input functions return awaitables, and they are ordinary asyncio coroutines, so ``asyncio.gather``
and ``asyncio.wait_for`` work with them. Callbacks that are coroutine functions run as tasks;
``mutex_mode`` drops a click while the previous run of the same callback is still going.
"""
from __future__ import annotations

import asyncio
import collections
import contextvars
import inspect
import threading
import time
from typing import Any, Awaitable, Callable, Coroutine, Optional

from ..exceptions import OutputOverflow, SessionClosedException, SessionException
from ..protocol import Event
from .base import BLOCKED_LOG_SECONDS, OVERFLOW_FACTOR, Callback, FlowFactory, Session
from .context import current_session_var
from .state import CloseReason

CLOSE_GRACE_SECONDS = 1.0
_background_loop: Optional[asyncio.AbstractEventLoop] = None
_background_lock = threading.Lock()


def run_event_loop(debug: bool = False) -> None:
    """Run an asyncio loop in the calling thread for coroutine sessions under WSGI servers."""
    global _background_loop
    loop = asyncio.new_event_loop()
    loop.set_debug(debug)
    with _background_lock:
        _background_loop = loop
    asyncio.set_event_loop(loop)
    loop.run_forever()


def background_loop() -> asyncio.AbstractEventLoop:
    """The loop started by ``run_event_loop``; start one in a daemon thread if there is none."""
    with _background_lock:
        if _background_loop is not None and not _background_loop.is_closed():
            return _background_loop
    ready = threading.Event()

    def run() -> None:
        global _background_loop
        loop = asyncio.new_event_loop()
        with _background_lock:
            _background_loop = loop
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, name="webio-event-loop", daemon=True).start()
    ready.wait()
    assert _background_loop is not None
    return _background_loop


def _cancel_leftover_tasks(tasks: set[asyncio.Task[Any]]) -> None:
    """Cancel the tasks of a closed session still running after the grace period."""
    for task in list(tasks):
        if not task.done():
            task.cancel()


class AsyncMailbox:
    """Events for one task, awaited on the session's loop."""

    __slots__ = ("events", "waiter", "closed")

    def __init__(self) -> None:
        self.events: collections.deque[Event] = collections.deque()
        self.waiter: Optional[asyncio.Future[None]] = None
        self.closed = False

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def put(self, event: Event) -> None:
        self.events.append(event)
        self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    async def get(self, timeout: Optional[float]) -> Optional[Event]:
        while not self.events:
            if self.closed:
                raise SessionClosedException("the session closed while the app was waiting for the browser")
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                if timeout is None:
                    await self.waiter
                else:
                    try:
                        await asyncio.wait_for(asyncio.shield(self.waiter), timeout)
                    except asyncio.TimeoutError:
                        if not self.events:
                            return None
            finally:
                self.waiter = None
        return self.events.popleft()


class TaskHandler:
    """Handle of a coroutine started with ``run_async``: ``close()`` stops it, ``closed()`` tells."""

    def __init__(self, close: Callable[[], None], closed: Callable[[], bool]) -> None:
        self.close = close
        self.closed = closed

    def __repr__(self) -> str:
        return f"<TaskHandler closed={self.closed()}>"


class CoroutineSession(Session):
    """A session whose app is an ``async def`` function."""

    kind = "coroutine"

    def __init__(self, app: Optional[Callable[..., Any]], *args: Any,
                 loop: Optional[asyncio.AbstractEventLoop] = None, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = background_loop()
        self.loop = loop
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed_waiters: list[asyncio.Future[None]] = []
        self._room_waiters: list[asyncio.Future[None]] = []

    def _on_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self.app is None:
            raise RuntimeError("this session has no app function to start")
        self._active += 1
        if self._on_loop():
            self._start_on_loop()
        else:
            self.loop.call_soon_threadsafe(self._start_on_loop)

    def _start_on_loop(self) -> None:
        self._create_task(self._run_main())

    def _create_task(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """A task of this session, held in ``_tasks`` until it is done and no longer after: a done task
        keeps its context, which names the session, so holding it would make a cycle that only the
        cyclic collector frees (a closed session's memory must go back at once)."""
        context = contextvars.copy_context()
        context.run(current_session_var.set, self)
        task = context.run(self.loop.create_task, coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _run_main(self) -> None:
        try:
            assert self.app is not None
            result = self.app()
            if inspect.isawaitable(result):
                await result
        except (SessionException, asyncio.CancelledError):
            pass
        except Exception:
            self.report_app_error("the app function")
            self._activity(-1)
            self.close(CloseReason.APP_ERROR)
            return
        self._activity(-1)
        self._app_returned()

    def close(self, reason: CloseReason = CloseReason.BROWSER_LEFT) -> None:
        if not self._on_loop() and self.loop.is_running():
            self.loop.call_soon_threadsafe(super().close, reason)
            return
        super().close(reason)

    def _after_close(self) -> None:
        for waiter in self._closed_waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._closed_waiters.clear()
        # Waiters got SessionClosedException and end by themselves; a task still busy elsewhere
        # (a long asyncio.sleep, say) is cancelled after a grace period so nothing outlives the session.
        # The timer holds the task set, not the session: the session is freed as soon as its tasks end.
        if self._tasks:
            self.loop.call_later(CLOSE_GRACE_SECONDS, _cancel_leftover_tasks, self._tasks)

    # ----------------------------------------------------------------- waiting
    def _over_bound(self) -> None:
        """A plain call cannot wait on the loop: past ``OVERFLOW_FACTOR`` bounds the session is closed
        with an error shown to the user (an output dropped by the app swallows exceptions)."""
        if self.closed or self.buffered_output <= OVERFLOW_FACTOR * self.max_buffered_output:
            return
        message = (f"the browser has not read {self.buffered_output} characters of this session's output "
                   f"(max_buffered_output={self.max_buffered_output}): in a coroutine app, await between "
                   "outputs (any input, or 'await webio.session.output_room()') so the app waits for a slow browser")
        try:
            raise OutputOverflow(message)
        except OutputOverflow:
            self.report_app_error("the app's output")
        self.close(CloseReason.APP_ERROR)
        raise OutputOverflow(message)

    def _room_changed(self) -> None:
        super()._room_changed()
        if self._room_waiters:
            try:
                self.loop.call_soon_threadsafe(self._wake_room_waiters)
            except RuntimeError:  # loop closed
                pass

    def _wake_room_waiters(self) -> None:
        if not self.has_room:
            return
        waiters, self._room_waiters = self._room_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def output_room(self) -> None:
        """Wait until the tab has read enough output for the app to go on (see "Backpressure")."""
        if self.has_room:
            return
        since = time.monotonic()
        with self.waiting():
            while not self.has_room:
                waiter: asyncio.Future[None] = self.loop.create_future()
                self._room_waiters.append(waiter)
                try:
                    await asyncio.wait_for(asyncio.shield(waiter), BLOCKED_LOG_SECONDS)
                except asyncio.TimeoutError:
                    if not self.has_room:
                        self._log_blocked(since)
        if self.closed:
            raise SessionClosedException("the session closed while the app waited for the browser to read its output")

    def _new_mailbox(self) -> AsyncMailbox:
        return AsyncMailbox()

    def dispatch(self, event: Event) -> None:
        if self._on_loop():
            super().dispatch(event)
        else:
            self._activity(+1)  # busy until the event has reached the app on the loop
            self.loop.call_soon_threadsafe(self._dispatch_on_loop, event)

    def _dispatch_on_loop(self, event: Event) -> None:
        try:
            super().dispatch(event)
        finally:
            self._activity(-1)

    def run_flow(self, factory: FlowFactory) -> Awaitable[Any]:
        return self._run_flow(factory)

    async def _run_flow(self, factory: FlowFactory) -> Any:
        await self.output_room()
        task_id = self.open_task()
        mailbox = self._mailboxes[task_id]
        assert isinstance(mailbox, AsyncMailbox)
        flow = factory(task_id)
        try:
            timeout = next(flow)
            while True:
                with self.waiting() as wait:
                    event = await mailbox.get(timeout)
                    wait.delivered = event is not None
                timeout = flow.send(event)
        except StopIteration as finished:
            return finished.value
        finally:
            flow.close()
            self.close_task(task_id)

    def hold(self) -> Awaitable[None]:
        return self._hold()

    async def _hold(self) -> None:
        if self.closed:
            return
        try:
            await self.output_room()
        except SessionClosedException:
            return
        waiter: asyncio.Future[None] = self.loop.create_future()
        self._closed_waiters.append(waiter)
        with self.waiting():
            await waiter

    # ----------------------------------------------------------------- concurrency helpers
    def run_async(self, coro: Coroutine[Any, Any, Any]) -> TaskHandler:
        """Run ``coro`` as a task of this session (manual §4.4 ``run_async``)."""
        if not inspect.iscoroutine(coro):
            raise TypeError(f"run_async() takes a coroutine object, e.g. run_async(counter(10)); got {coro!r}")
        if self.closed:
            coro.close()
            raise SessionClosedException("run_async() after the session closed")
        task = self._create_task(self._guard(coro, "a run_async() coroutine"))
        return TaskHandler(close=lambda: None if task.cancel() else None, closed=task.done)

    async def _guard(self, awaitable: Awaitable[Any], where: str) -> Any:
        try:
            return await awaitable
        except (SessionException, asyncio.CancelledError):
            return None
        except Exception:
            self.report_app_error(where)
            return None

    # ----------------------------------------------------------------- callbacks
    def _start_callback(self, callback: Callback, data: Any, received: float) -> None:
        if callback.mutex_mode and callback.running:
            return
        context = contextvars.copy_context()
        context.run(current_session_var.set, self)
        result: Any = None
        try:
            result = context.run(callback.func, data)
        except SessionException:
            pass
        except Exception:
            self.report_app_error("a callback")
        if not inspect.isawaitable(result):
            self._callback_returned(received)
        else:
            callback.running += 1
            self._activity(+1)
            task = self._create_task(self._guard(result, "a callback"))

            def finished(_: Any) -> None:
                callback.running -= 1
                self._callback_returned(received)
                self._activity(-1)

            task.add_done_callback(finished)
