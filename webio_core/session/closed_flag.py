"""``session.closed``: a truth value that can also be called, as PyWebIO's ``closed()`` method.

Programs written against PyWebIO call ``get_current_session().closed()``; webio's own code reads
``session.closed`` as a bool. Both work::

    if get_current_session().closed(): ...
    if session.closed: ...
"""
from __future__ import annotations


class ClosedFlag:
    """Whether a session is closed: ``bool(flag)`` or ``flag()``."""

    __slots__ = ("_value",)

    def __init__(self, value: bool) -> None:
        self._value = value

    def __bool__(self) -> bool:
        return self._value

    def __call__(self) -> bool:
        return self._value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ClosedFlag):
            return self._value is other._value
        return self._value == other

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return repr(self._value)


CLOSED = ClosedFlag(True)
OPEN = ClosedFlag(False)
