"""``output()``: the deprecated placeholder object (use ``put_scope`` / ``use_scope`` instead).

``output(*contents)`` is a scope shown where the object is placed; ``reset``, ``append`` and
``insert`` change its content later.
"""
from __future__ import annotations

import warnings
from typing import Any

from .base import Output, new_scope_name
from .layout import put_scope
from .text import put_text


class OutputHandler(Output):
    """The object ``output()`` returns: an output that is also a scope."""

    __slots__ = ("name",)
    name: str

    def _put(self, contents: tuple[Any, ...], position: int) -> None:
        for offset, item in enumerate(contents):
            out = item if isinstance(item, Output) else put_text(item)
            out.spec["scope"] = "#" + self.spec["dom_id"]
            out.spec["position"] = position + offset if position >= 0 else position
            out.send()

    def reset(self, *contents: Any) -> None:
        """Replace the content with ``contents``."""
        from .control import clear

        clear(self.name)
        self._put(contents, -1)

    def append(self, *contents: Any) -> None:
        """Add ``contents`` at the end."""
        self._put(contents, -1)

    def insert(self, idx: int, *contents: Any) -> None:
        """Insert ``contents`` at position ``idx`` (same meaning as ``position=``)."""
        self._put(contents, idx)


def output(*contents: Any) -> OutputHandler:
    """A placeholder to put in other outputs and fill later (deprecated: use ``put_scope``).

    Example::

        hobby = output('Coding')
        put_table([['Name', 'Hobbies'], ['Tom', hobby]])
        hobby.reset('Movie')
    """
    warnings.warn("output() is deprecated: use put_scope() and use_scope() instead", DeprecationWarning, stacklevel=2)
    name = new_scope_name()
    scope_output = put_scope(name, list(contents))
    scope_output.processed = True  # the handler below carries this spec
    handler = OutputHandler(scope_output.spec, scope_output.session)
    handler.name = name
    return handler
