"""Every lifecycle of webio in one table: the app's, the tab's attachment, and a connection's.

The rules (each ``_ALLOWED`` entry below is the whole truth; ``move`` is the only way to change state):

``SessionState`` — the app function.
  RUNNING → HOLDING  the app returned, callbacks can still fire (manual §4.4 ``hold``)
  RUNNING → CLOSED   the tab left, the app finished or failed, the session expired, the server stopped
  HOLDING → CLOSED   the same, once the app is holding
``Attachment`` — whether a tab is connected to the session (kept by the session, its owner).
  ATTACHED → ATTACHED  a newer connection took over (the old one is REPLACED)
  ATTACHED → DETACHED  the connection was lost and ``reconnect_timeout`` > 0: wait until a deadline
  DETACHED → ATTACHED  the tab came back (``?session=ID&ack=N``) before the deadline
  ATTACHED/DETACHED → CLOSED  the session closed (for DETACHED: also when the deadline passed)
``ConnectionState`` — one WebSocket (kept by the WebSocket transport).
  OPEN → CLOSING   the session closed: the server closes the socket after the last frame
  OPEN → REPLACED  the same tab opened a newer socket; this one stops serving the session
  OPEN/CLOSING/REPLACED → CLOSED  the socket is gone
CLOSED is final everywhere. A move the table does not allow raises ``IllegalTransition``, which
names the machine, the state it found and the states the move needs.
"""
from __future__ import annotations

import enum
from typing import Mapping, TypeVar


class SessionState(enum.Enum):
    """Where the app function is."""

    RUNNING = "running"
    HOLDING = "holding"
    CLOSED = "closed"


class Attachment(enum.Enum):
    """Whether a tab is connected to the session."""

    ATTACHED = "attached"
    DETACHED = "detached"  # until a deadline: the tab may resume before it
    CLOSED = "closed"


class ConnectionState(enum.Enum):
    """One WebSocket connection serving a session."""

    OPEN = "open"
    CLOSING = "closing"
    REPLACED = "replaced"
    CLOSED = "closed"


State = TypeVar("State", SessionState, Attachment, ConnectionState)

SESSION_MOVES: Mapping[SessionState, frozenset[SessionState]] = {
    SessionState.RUNNING: frozenset({SessionState.HOLDING, SessionState.CLOSED}),
    SessionState.HOLDING: frozenset({SessionState.CLOSED}),
    SessionState.CLOSED: frozenset(),
}
ATTACHMENT_MOVES: Mapping[Attachment, frozenset[Attachment]] = {
    Attachment.ATTACHED: frozenset({Attachment.ATTACHED, Attachment.DETACHED, Attachment.CLOSED}),
    Attachment.DETACHED: frozenset({Attachment.ATTACHED, Attachment.CLOSED}),
    Attachment.CLOSED: frozenset(),
}
CONNECTION_MOVES: Mapping[ConnectionState, frozenset[ConnectionState]] = {
    ConnectionState.OPEN: frozenset({ConnectionState.CLOSING, ConnectionState.REPLACED, ConnectionState.CLOSED}),
    ConnectionState.CLOSING: frozenset({ConnectionState.CLOSED}),
    ConnectionState.REPLACED: frozenset({ConnectionState.CLOSED}),
    ConnectionState.CLOSED: frozenset(),
}
_TABLES: dict[type[enum.Enum], Mapping[object, frozenset[object]]] = {
    SessionState: SESSION_MOVES, Attachment: ATTACHMENT_MOVES, ConnectionState: CONNECTION_MOVES,  # type: ignore[dict-item]
}


class IllegalTransition(RuntimeError):
    """A state change the lifecycle table refuses: a bug in webio, never the app's or the browser's.

    Example: ``move(Attachment.CLOSED, Attachment.ATTACHED)`` raises it with
    ``actual=CLOSED`` and ``expected=[ATTACHED, DETACHED]``.
    """

    def __init__(self, actual: enum.Enum, target: enum.Enum, expected: list[enum.Enum]) -> None:
        self.actual = actual
        self.target = target
        self.expected = expected
        names = ", ".join(state.name for state in expected) or "none"
        super().__init__(f"{type(actual).__name__} cannot move to {target.name} from {actual.name}; "
                         f"expected one of: {names}")


def allowed(current: State, target: State) -> bool:
    """Whether the table allows ``current → target``."""
    return target in _TABLES[type(current)][current]


def move(current: State, target: State) -> State:
    """``target`` if the table allows ``current → target``, else raise ``IllegalTransition``."""
    if not allowed(current, target):
        table = _TABLES[type(current)]
        expected = [state for state, targets in table.items() if target in targets]
        raise IllegalTransition(current, target, expected)  # type: ignore[arg-type]
    return target


def check_transition(current: SessionState, target: SessionState) -> None:
    """Raise ``IllegalTransition`` (a ``RuntimeError``) if the app may not move ``current → target``."""
    move(current, target)


class CloseReason(enum.Enum):
    APP_FINISHED = "app finished"
    BROWSER_LEFT = "browser left"
    APP_ERROR = "app error"
    EXPIRED = "expired"
    SERVER_SHUTDOWN = "server shutdown"
