"""Where the sessions of a server live, found by id.

``SessionRegistry`` (the Protocol, in session/port.py) is the seam for scaling out: today
``LocalSessionRegistry`` keeps sessions of this process in a dict; a Redis- or Channels-backed
router can implement the same protocol, answering "which process owns session X" with a proxy
that satisfies ``SessionPort``.

Expiry: a session expires once its tab has not been heard from for ``max_idle`` seconds. A tab is
heard from for as long as one of its requests is open (``serving``): an HTTP long poll may last
longer than ``max_idle``, and the tab behind it is still there.
"""
from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Iterator, Optional

from .ids import new_session_id
from .port import SessionPort, SessionRegistry
from .refusal import Refusal
from .state import CloseReason

__all__ = ["SessionRegistry", "LocalSessionRegistry"]


class LocalSessionRegistry:
    """Sessions of this process. A session leaves the registry when it closes."""

    def __init__(self) -> None:
        self._sessions: dict[str, SessionPort] = {}
        self._last_seen: dict[str, float] = {}
        self._open_requests: dict[str, int] = {}
        self._lock = threading.Lock()

    def new_session_id(self) -> str:
        """An unguessable id naming this process's worker as the owner."""
        return new_session_id()

    def add(self, session: SessionPort) -> None:
        with self._lock:
            self._sessions[session.id] = session
            self._last_seen[session.id] = time.monotonic()
        session.on_close(lambda s: self.discard(s.id))

    def get(self, session_id: str) -> Optional[SessionPort]:
        return self._sessions.get(session_id)

    def discard(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
            self._last_seen.pop(session_id, None)

    def touch(self, session_id: str, now: Optional[float] = None) -> None:
        """Note that the tab of the session was heard from. (Under the lock: a session closing
        at the same time must not leave a time behind for ``expire`` to trip over.)"""
        with self._lock:
            if session_id in self._sessions:
                self._last_seen[session_id] = time.monotonic() if now is None else now

    @contextlib.contextmanager
    def serving(self, session_id: str) -> Iterator[None]:
        """Hold the session off expiry while a request of its tab is open; idle time counts again
        from the moment the request ends."""
        with self._lock:
            self._open_requests[session_id] = self._open_requests.get(session_id, 0) + 1
        self.touch(session_id)
        try:
            yield
        finally:
            with self._lock:
                still_open = self._open_requests.pop(session_id, 1) - 1
                if still_open:
                    self._open_requests[session_id] = still_open
            self.touch(session_id)

    def expire(self, max_idle: float, now: Optional[float] = None) -> list[SessionPort]:
        """Close the sessions not heard from for ``max_idle`` seconds (none of their requests is
        open, and the last one ended longer ago than that); return them."""
        now = time.monotonic() if now is None else now
        with self._lock:
            stale = [self._sessions[sid] for sid, seen in self._last_seen.items()
                     if now - seen > max_idle and sid not in self._open_requests]
        for session in stale:
            session.close(CloseReason.EXPIRED)
            self.discard(session.id)
        return stale

    def close_all(self) -> None:
        """Close every session of this process (server shutdown)."""
        for session in list(self._sessions.values()):
            session.close(CloseReason.SERVER_SHUTDOWN)

    # Plain answers: a dict lookup never waits, an unknown id is simply gone, and this process is
    # always ready for requests.
    def lookup_blocks(self, session_id: str) -> bool:
        """Never: ``get`` is a dict lookup."""
        return False

    def refusal(self, session_id: str) -> Optional[Refusal]:
        """None: an id not found here is a session that ended (the tab is told it closed)."""
        return None

    def peek_refusal(self, session_id: str) -> Optional[Refusal]:
        return None

    def ready(self) -> bool:
        """Always: nothing outside this process is needed."""
        return True

    def __iter__(self) -> Iterator[SessionPort]:
        return iter(list(self._sessions.values()))

    def __len__(self) -> int:
        return len(self._sessions)


if TYPE_CHECKING:
    def _implements_session_registry(registry: LocalSessionRegistry) -> SessionRegistry:
        return registry  # mypy checks that LocalSessionRegistry has every member of SessionRegistry
