"""The lifecycle of a session.

RUNNING: the app function runs; events are delivered.
HOLDING: the app function returned but callbacks can still fire; the session waits for the
         browser to leave (manual §4.4 ``hold``: automatic in server mode).
CLOSED:  the browser left, the app finished with nothing left to wait for, the app failed, or the
         server shut down. Waiters get ``SessionClosedException``; deferred calls have run;
         every resource of the session is released.
Allowed moves: RUNNING→HOLDING, RUNNING→CLOSED, HOLDING→CLOSED. CLOSED is final.
"""
from __future__ import annotations

import enum


class SessionState(enum.Enum):
    RUNNING = "running"
    HOLDING = "holding"
    CLOSED = "closed"


_ALLOWED = {
    SessionState.RUNNING: {SessionState.HOLDING, SessionState.CLOSED},
    SessionState.HOLDING: {SessionState.CLOSED},
    SessionState.CLOSED: set(),
}


def check_transition(current: SessionState, target: SessionState) -> None:
    """Raise ``RuntimeError`` naming the expected states if ``current → target`` is not allowed."""
    if target not in _ALLOWED[current]:
        expected = [s.name for s, targets in _ALLOWED.items() if target in targets]
        raise RuntimeError(f"session cannot move to {target.name} from {current.name}; expected one of {expected}")


class CloseReason(enum.Enum):
    APP_FINISHED = "app finished"
    BROWSER_LEFT = "browser left"
    APP_ERROR = "app error"
    EXPIRED = "expired"
    SERVER_SHUTDOWN = "server shutdown"
