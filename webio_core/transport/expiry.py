"""The expiry timer: abandoned HTTP-transport sessions close even when no request ever arrives.

A tab of the HTTP transport that goes away sends nothing more, so only a timer can notice it.
``HttpTransport`` starts one ``ExpiryTimer`` with its first session: on the server's asyncio loop
when the exchange runs there (Tornado, Starlette, aiohttp), else on one daemon thread of its own
(WSGI servers: Flask, Django). Every ``interval`` seconds it calls ``sweep`` (which closes the
sessions not heard from for ``session_expire_seconds``: their ``defer_call`` functions run and their
threads end). It stops by itself once no session is left (the next session starts it again) and
at ``stop()`` (``WebioEndpoint.close``). So a session ends at most ``session_expire_seconds +
session_cleanup_interval`` after its tab was last heard from.

Example::

    timer = ExpiryTimer(transport.expire_now, interval=300, has_sessions=lambda: len(registry) > 0)
    timer.ensure_running(None)            # WSGI: a daemon thread
"""
from __future__ import annotations

import asyncio
import logging
import threading
from typing import Callable, Optional

logger = logging.getLogger("webio.transport")

THREAD_NAME = "webio-expiry"


class ExpiryTimer:
    """Call ``sweep()`` every ``interval`` seconds while ``has_sessions()`` is true."""

    def __init__(self, sweep: Callable[[], None], interval: float, has_sessions: Callable[[], bool]) -> None:
        self.sweep = sweep
        self.interval = max(float(interval), 0.05)
        self.has_sessions = has_sessions
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        self._wake = threading.Event()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._handle: Optional[asyncio.TimerHandle] = None
        self._stopped = False

    @property
    def running(self) -> bool:
        """Whether a thread or a loop timer is armed."""
        return self._thread is not None or self._handle is not None

    def ensure_running(self, loop: Optional[asyncio.AbstractEventLoop]) -> None:
        """Arm the timer if it is not: on ``loop`` (called from that loop) or, without one, on a thread.
        Cheap when it runs already; after ``stop()`` it arms again (a server started anew)."""
        with self._lock:
            self._stopped = False
            if self._thread is not None:
                return
            if self._handle is not None and self._loop is not None and not self._loop.is_closed():
                return
            if loop is not None:
                self._loop = loop
                self._handle = loop.call_later(self.interval, self._tick)
                return
            self._wake = threading.Event()
            thread = threading.Thread(target=self._run_thread, args=(self._wake,), name=THREAD_NAME, daemon=True)
            self._thread = thread
        thread.start()

    def stop(self) -> None:
        """Disarm (server shutdown). Safe from any thread; the thread ends within moments."""
        with self._lock:
            self._stopped = True
            self._wake.set()
            self._thread = None
            handle, loop, self._handle = self._handle, self._loop, None
        if handle is not None and loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(handle.cancel)
            except RuntimeError:  # the loop closed meanwhile
                pass

    # ----------------------------------------------------------------- the two drivers
    def _run_thread(self, wake: threading.Event) -> None:
        while not wake.wait(self.interval):
            self._sweep_once()
            with self._lock:
                if self._thread is not threading.current_thread():
                    return  # stopped, or replaced by a newer timer
                if not self.has_sessions():
                    self._thread = None  # nothing left to expire: the next session starts a new timer
                    return

    def _tick(self) -> None:
        with self._lock:
            self._handle = None
            if self._stopped:
                return
        self._sweep_once()
        with self._lock:
            if self._stopped or self._handle is not None or self._loop is None:
                return
            if self.has_sessions():
                self._handle = self._loop.call_later(self.interval, self._tick)

    def _sweep_once(self) -> None:
        try:
            self.sweep()
        except Exception:  # a failing sweep must not end the timer
            logger.exception("the expiry sweep failed; it runs again in %.1f s", self.interval)
