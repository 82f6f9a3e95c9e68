"""Catching ``name=`` on an input that never reaches ``input_group()``.

An input function with ``name=`` builds an item for ``input_group()`` and shows nothing; called on
its own by mistake (``age = input('Age', name='age')``) it would silently do nothing. So every
named item is noted here (per thread / asyncio task) until an ``input_group()`` takes it; the next
form shown while a note is still open raises ``WebioUsageError`` naming the forgotten call.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterable

from ..exceptions import WebioUsageError
from .items import InputItem


@dataclass
class _Note:
    function: str
    label: str
    name: str
    placed: bool = False


_open_notes: ContextVar[tuple[_Note, ...]] = ContextVar("webio_unplaced_inputs", default=())


def note_named_item(item: InputItem, function: str) -> None:
    """Remember that ``item`` was built with a name and still waits for an ``input_group()``."""
    note = _Note(function, item.label, str(item.name))
    item.note = note
    _open_notes.set(_open_notes.get() + (note,))


def mark_placed(items: Iterable[InputItem]) -> None:
    for item in items:
        if isinstance(item.note, _Note):
            item.note.placed = True


def check_all_placed(function: str) -> None:
    """Raise if a named item built earlier in this thread/task never reached ``input_group()``."""
    notes = _open_notes.get()
    if not notes:
        return
    _open_notes.set(())
    forgotten = [note for note in notes if not note.placed]
    if forgotten:
        note = forgotten[0]
        raise WebioUsageError(
            f"{note.function}({note.label!r}, name={note.name!r}) built an input_group() item but was never "
            f"passed to input_group() (noticed when {function}() was called). Inputs asked on their own must "
            f"not have name=: remove name= to show the input and get its value, or pass the item to input_group()."
        )
