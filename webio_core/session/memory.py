"""Giving memory back after many sessions closed.

webio's own session objects are freed by reference counting when a session closes; an app's own
reference cycles (tasks, frames, callbacks it keeps) are freed only by Python's cyclic collector,
which runs its full pass rarely, and dead objects hold the heap's pages meanwhile. So after every
``RECLAIM_AFTER`` closed sessions (at most once per ``RECLAIM_EVERY`` seconds) webio runs a full
collection and, on glibc, ``malloc_trim(0)`` so freed pages go back to the system.

A large partial upload dropped while its session waits for the tab to resume is given back the
same way (``trim_free_memory``).

Example (the session starter does it for every session)::

    session.on_close(note_session_closed)
"""
from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import threading
import time
from typing import Any, Callable, Optional

logger = logging.getLogger("webio.session")

RECLAIM_AFTER = 25      # closed sessions between two reclaims
RECLAIM_EVERY = 0.2     # seconds, at least, between two reclaims


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _find_malloc_trim() -> Optional[Callable[[int], int]]:
    """glibc's ``malloc_trim``, or None elsewhere (musl, macOS, Windows)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


class MemoryReclaimer:
    """Counts closed sessions; every ``after`` of them (and ``every`` seconds at most) collects and trims."""

    def __init__(self, after: int = RECLAIM_AFTER, every: float = RECLAIM_EVERY) -> None:
        self.after = after
        self.every = every
        self.closed = 0
        self.last = 0.0
        self.reclaims = 0
        self._lock = threading.Lock()
        self._trim = _find_malloc_trim()

    def note_closed(self, session: Any = None) -> None:
        """One session closed (a ``Session.on_close`` hook); reclaim if it is time and this thread
        runs an event loop. A full collection finalizes the dead coroutines of the server's loop, so it
        must run on that loop's thread: a close on another thread (an app thread, a WSGI server's
        thread) only counts, and the next close on the loop reclaims."""
        with self._lock:
            self.closed += 1
            now = time.monotonic()
            if self.closed < self.after or now - self.last < self.every or not _on_event_loop():
                return
            self.closed, self.last = 0, now
        self.reclaim()

    def reclaim(self) -> None:
        """Free the cycles of closed sessions now and return free pages to the system."""
        found = gc.collect()
        self.trim()
        self.reclaims += 1
        logger.debug("reclaimed memory after closed sessions: %d unreachable objects", found)


    def trim(self) -> None:
        """Return the allocator's free pages to the system (glibc; elsewhere nothing)."""
        if self._trim is not None:
            self._trim(0)


reclaimer = MemoryReclaimer()


def trim_free_memory() -> None:
    """Give freed memory back to the system now (after dropping a large partial upload)."""
    reclaimer.trim()


def note_session_closed(session: Any = None) -> None:
    """The ``on_close`` hook the session starter gives every session it starts."""
    reclaimer.note_closed(session)
