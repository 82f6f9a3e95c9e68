"""Catching ``name=`` on an input that never reaches ``input_group()``.

An input function with ``name=`` builds an item for ``input_group()`` and shows nothing; called on
its own by mistake (``age = input('Age', name='age')``) it would silently do nothing. So every
named item is noted here (per thread / asyncio task, with the session it was built in) until an
``input_group()`` takes it; the next form shown in that session while a note is still open raises
``WebioUsageError`` naming the forgotten call. Items built outside any session (module level,
reused by many sessions) are never reported.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterable, Optional

from ..exceptions import WebioUsageError
from ..session.base import Session
from ..session.context import peek_current_session
from .items import InputItem


@dataclass
class _Note:
    function: str
    label: str
    name: str
    session: Optional[Session]  # None: built outside any session (module level): never reported
    placed: bool = False


_open_notes: ContextVar[tuple[_Note, ...]] = ContextVar("webio_unplaced_inputs", default=())


def note_named_item(item: InputItem, function: str) -> None:
    """Remember that ``item`` was built with a name and still waits for an ``input_group()``."""
    note = _Note(function, item.label, str(item.name), peek_current_session())
    item.note = note
    _open_notes.set(_open_notes.get() + (note,))


def mark_placed(items: Iterable[InputItem]) -> None:
    for item in items:
        if isinstance(item.note, _Note):
            item.note.placed = True


def check_all_placed(session: Session, function: str, label: Optional[str] = None) -> None:
    """Raise if a named item built earlier in this thread/task never reached ``input_group()``.

    ``function``/``label``: the call that is about to show a form (``label`` None for a group).
    """
    notes = _open_notes.get()
    if not notes:
        return
    _open_notes.set(())
    forgotten = [note for note in notes if not note.placed and note.session is session]
    if not forgotten:
        return
    note = forgotten[0]
    built = f"{note.function}({note.label!r}, name={note.name!r})"
    if label is None:
        raise WebioUsageError(
            f"{built} built an item for input_group(), but the input_group() called next does not contain it: "
            "pass the item to input_group(), or remove name= to ask that input on its own."
        )
    asked = f"{function}({label!r})"
    raise WebioUsageError(
        f"{built} built an item for input_group(), but then {asked} was called on its own before any "
        f"input_group() took the item. If {asked} belongs in the same input_group(), give it a name= too; "
        f"if {built} should ask on its own, remove its name=."
    )
