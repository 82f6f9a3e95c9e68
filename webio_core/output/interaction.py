"""Popups and toasts.

``popup()`` has three forms. With content, it shows the popup at once. Without content it waits
to see how it is used: ``with popup(...) as scope:`` shows it and sends the block's outputs into
it; ``@popup(...)`` shows a fresh popup each time the decorated function runs, with its outputs
inside; a bare ``popup('title')`` shows an empty popup when the statement ends.
"""
from __future__ import annotations

import inspect
import re
from functools import wraps
from typing import Any, Callable, Optional, TypeVar

from ..session.base import Session
from ..session.context import get_current_session, peek_current_session
from .base import SCOPE_PREFIX, contents_spec, new_scope_name, pop_scope, push_scope
from .checks import check_bool, check_callable, check_choice

F = TypeVar("F", bound=Callable[..., Any])

_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
TOAST_COLORS = ("info", "error", "warn", "success")


class PopupSize:
    """Values of ``popup(size=...)``."""

    LARGE = "large"
    NORMAL = "normal"
    SMALL = "small"


class popup:  # noqa: N801 (documented lower-case API name)
    """Show a popup window (only one at a time: a new one replaces the old).

    Example::

        popup('Done', 'The file was saved.', size=PopupSize.SMALL)

        with popup('Details') as scope:
            put_text('inside the popup')
        put_text('also inside', scope=scope)

        @popup('Help')
        def show_help():
            put_markdown('**Press** a button')
    """

    def __init__(self, title: str, content: Any = None, size: str = "normal", implicit_close: bool = True,
                 closable: bool = True) -> None:
        # A decorator may be applied outside any session (at import time): look the session up lazily.
        self.session: Optional[Session] = get_current_session("popup") if content is not None else peek_current_session()
        self.title = str(title)
        self.size = check_choice("popup", "size", size, ("large", "normal", "small"))
        self.implicit_close = check_bool("popup", "implicit_close", implicit_close)
        self.closable = check_bool("popup", "closable", closable)
        self.scope = new_scope_name()
        self._tokens: list[Any] = []
        self._pending = content is None
        if content is not None:
            self._show(contents_spec(content))

    def _show(self, content: list[Any]) -> None:
        self._pending = False
        assert self.session is not None
        self.session.send("popup", {"title": self.title, "content": content, "size": self.size,
                                    "implicit_close": self.implicit_close, "closable": self.closable,
                                    "dom_id": SCOPE_PREFIX + self.scope})

    def __enter__(self) -> str:
        self.session = get_current_session("popup")
        if self._pending:
            self._show([])
        self._tokens.append(push_scope(self.scope))
        return self.scope

    def __exit__(self, *exc: Any) -> None:
        pop_scope(self._tokens.pop())

    def __call__(self, func: F) -> F:
        self._pending = False
        title, size, implicit_close, closable = self.title, self.size, self.implicit_close, self.closable

        def fresh() -> popup:
            return popup(title, None, size=size, implicit_close=implicit_close, closable=closable)

        if inspect.iscoroutinefunction(func):
            @wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with fresh():
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with fresh():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def __del__(self) -> None:
        if getattr(self, "_pending", False) and self.session is not None:
            try:
                self._show([])
            except Exception:  # the session may be gone; an unshown popup has nowhere to go
                pass


def close_popup() -> None:
    """Close the popup shown by ``popup()``, if any.

    Example::

        put_button('close', onclick=close_popup)
    """
    get_current_session("close_popup").send("close_popup")


def toast(content: Any, duration: float = 2, position: str = "center", color: str = "info",
          onclick: Optional[Callable[[], Any]] = None) -> None:
    """Show a short notification; ``duration=0`` keeps it until closed; ``onclick()`` runs when it is clicked.

    Example::

        toast('New messages', position='right', color='#2188ff', duration=0, onclick=show_messages)
    """
    session = get_current_session("toast")
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or duration < 0:
        raise ValueError(f"toast(duration=...) is a number of seconds, 0 to keep it until closed; got {duration!r}")
    check_choice("toast", "position", position, ("left", "center", "right"))
    if color not in TOAST_COLORS and not (isinstance(color, str) and _HEX_COLOR.match(color)):
        raise ValueError(f"toast(color={color!r}) is not supported: use 'info', 'error', 'warn', 'success' "
                         "or a hex colour such as '#2188ff'")
    spec: dict[str, Any] = {"content": str(content), "duration": duration, "position": position, "color": color,
                            "callback_id": None}
    if onclick is not None:
        check_callable("toast", "onclick", onclick)
        spec["callback_id"] = session.register_callback(lambda _data: onclick(), once=True)
    session.send("toast", spec)
