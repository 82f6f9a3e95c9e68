"""Scope control: clear, remove and scroll to a scope (manual §4.3.2)."""
from __future__ import annotations

from ..session.context import get_current_session
from .base import ROOT, ScopeArg, output_ctl, scope_name, scope_selector
from .checks import check_choice


def clear(scope: ScopeArg = None) -> None:
    """Remove everything inside a scope (default: the current scope); the scope itself stays.

    Example::

        clear('log')
    """
    session = get_current_session("clear")
    output_ctl(session, clear=scope_selector(scope_name(scope)))


def remove(scope: ScopeArg = None) -> None:
    """Remove a scope and its content from the page (default: the current scope).

    Example::

        remove('banner')
    """
    session = get_current_session("remove")
    name = scope_name(scope)
    if name == ROOT:
        raise ValueError("remove() cannot remove the ROOT scope: use clear('ROOT') to empty the page")
    output_ctl(session, remove=scope_selector(name))


def scroll_to(scope: ScopeArg = None, position: str = "top") -> None:
    """Scroll the page so that the scope is at the 'top', 'middle' or 'bottom' of the window.

    Example::

        scroll_to('result', position='middle')
    """
    session = get_current_session("scroll_to")
    check_choice("scroll_to", "position", position, ("top", "middle", "bottom"))
    output_ctl(session, scroll_to=scope_selector(scope_name(scope)), position=position)
