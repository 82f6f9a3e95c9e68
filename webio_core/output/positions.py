"""PyWebIO 1.8's position constants and ``set_scope()``, the function form of ``use_scope``."""
from __future__ import annotations

from typing import Optional

from ..session.context import get_current_session
from .base import ScopeArg, check_scope_name, output_ctl, scope_name, scope_selector
from .checks import check_choice


class Position:
    """Where ``scroll_to()`` puts a scope in the window: ``scroll_to('log', Position.BOTTOM)``."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class OutputPosition:
    """``position=`` values of output functions: ``put_text('first', position=OutputPosition.TOP)``."""

    TOP = 0
    BOTTOM = -1


def set_scope(name: str, container_scope: ScopeArg = None, position: int = OutputPosition.BOTTOM,
              if_exist: Optional[str] = None) -> None:
    """Create scope ``name`` inside ``container_scope`` (default: the current scope) without entering it.

    ``if_exist``: None leaves an existing scope as it is, ``'clear'`` empties it, ``'remove'``
    replaces it with a new empty one. Example::

        set_scope('log', position=OutputPosition.TOP)
        put_text('first line', scope='log')
    """
    session = get_current_session("set_scope")
    if not isinstance(position, int) or isinstance(position, bool):
        raise TypeError(f"set_scope() position must be an int (0 = first, -1 = last), got {position!r}")
    if if_exist is not None:
        check_choice("set_scope", "if_exist", if_exist, ("clear", "remove"))
    output_ctl(session, set_scope=scope_selector(check_scope_name(name)),
               container=scope_selector(scope_name(container_scope)), position=position, if_exist=if_exist)
