"""The local session registry: expiry, and a tab's request racing its session's end."""
from __future__ import annotations

import threading
import time
from typing import Any

from webio.session.registry import LocalSessionRegistry
from webio.session.threadbased import ThreadSession


def registered() -> tuple[LocalSessionRegistry, ThreadSession]:
    registry = LocalSessionRegistry()
    session = ThreadSession(lambda: None)
    registry.add(session)
    return registry, session


class ClosesWhileAsked(dict):  # type: ignore[type-arg]
    """The registry's sessions, where the session ends (in its app's thread) right after a
    request found it there: the interleaving of a tab's poll and its app finishing."""

    def __init__(self, registry: LocalSessionRegistry, items: Any) -> None:
        super().__init__(items)
        self.registry = registry
        self.raced = False

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        if found and not self.raced:
            self.raced = True
            app_thread = threading.Thread(target=self.registry.discard, args=(key,))
            app_thread.start()
            app_thread.join(0.3)  # the registry may make it wait until the request is done
        return found


def test_a_request_racing_its_sessions_end_leaves_cleanup_working() -> None:
    registry, session = registered()
    registry._sessions = ClosesWhileAsked(registry, registry._sessions)
    registry.touch(session.id)
    time.sleep(0.35)
    assert len(registry) == 0
    assert registry.expire(0, now=time.monotonic() + 1) == []  # raised KeyError: every later cleanup failed


def test_idle_sessions_expire_and_open_requests_keep_theirs() -> None:
    registry, idle = registered()
    _, busy = registered()
    registry.add(busy)
    with registry.serving(busy.id):
        expired = registry.expire(10, now=time.monotonic() + 60)
    assert expired == [idle] and idle.closed and not busy.closed
    assert registry.expire(10) == []  # idle time counts from the end of the request
    assert registry.expire(10, now=time.monotonic() + 60) == [busy]
