"""The logbox: a fixed-height, scrolling box of monospace text that the app appends to."""
from __future__ import annotations

import re
from typing import Any

from ..output import Output, clear, put_scope, put_scrollable, put_text

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def _scope(name: Any, function: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"{function}() name must use letters, digits, '_' and '-' only, got {name!r}")
    return f"webio-logbox-{name}"


def put_logbox(name: str, height: int = 400, keep_bottom: bool = True) -> Output:
    """Show a logbox ``height`` pixels high; with ``keep_bottom`` it follows new text (a click pauses/resumes).

    Example::

        put_logbox("log", height=200)
        logbox_append("log", "started\\n")
    """
    inner = put_scope(_scope(name, "put_logbox")).style(
        "font-family: var(--bs-font-monospace, monospace); font-size: .875em; white-space: pre-wrap")
    return put_scrollable(inner, height=height or None, keep_bottom=keep_bottom)


def logbox_append(name: str, text: str) -> None:
    """Append ``text`` to the logbox ``name`` (newlines are kept; nothing is interpreted as HTML).

    Example: ``logbox_append("log", f"{time.time()}\\n")``
    """
    put_text(str(text), inline=True, scope=_scope(name, "logbox_append"))


def logbox_clear(name: str) -> None:
    """Remove all text of the logbox ``name``.

    Example: ``logbox_clear("log")``
    """
    clear(_scope(name, "logbox_clear"))
