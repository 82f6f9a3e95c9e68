"""``confirm`` and ``popup_input``: blocking dialogs built from a popup and pin widgets."""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

from ..output import Output, PopupSize, close_popup, popup
from ..pin import pin, pin_update, pin_wait_change, put_actions
from ._session import random_name, require_thread_app

Content = Union[str, Output, Sequence[Union[str, Output]], None]


def _content_list(content: Content) -> list[Any]:
    if content is None:
        return []
    if isinstance(content, (list, tuple)):
        return list(content)  # the caller's list stays as it was
    return [content]


def confirm(title: str, content: Content = None, *, timeout: Optional[float] = None) -> Optional[bool]:
    """Ask the user to confirm in a popup: True (CONFIRM), False (CANCEL) or None after ``timeout`` seconds.

    Example::

        if confirm("Delete file", "Are you sure?"):
            put_text("deleted")
    """
    require_thread_app("confirm")
    name = random_name("confirm")
    contents = _content_list(content)
    contents.append(put_actions(name, buttons=[
        {"label": "CONFIRM", "value": True},
        {"label": "CANCEL", "value": False, "color": "danger"},
    ]).style("margin-top: 1rem; float: right"))
    popup(title, contents, closable=False)
    try:
        changed = pin_wait_change(name, timeout=timeout)
    finally:
        close_popup()
    return None if changed is None else bool(changed["value"])


def _pin_names(items: Sequence[Any]) -> list[str]:
    names = []
    for item in items:
        spec = getattr(item, "spec", None) or {}
        widget = spec.get("input") if spec.get("type") == "pin" else None
        if isinstance(widget, dict) and widget.get("name"):
            names.append(str(widget["name"]))
    return names


def popup_input(pins: Union[Sequence[Output], Output], title: str = "Please fill out the form below",
                validate: Optional[Callable[[dict[str, Any]], Any]] = None, popup_size: str = PopupSize.NORMAL,
                cancelable: bool = False) -> Optional[dict[str, Any]]:
    """Show pin widgets as a form in a popup; their values as a dict on Submit, None on Cancel.

    ``validate(values)`` returns None when the form is fine, else ``(pin_name, message)``.
    Example::

        form = popup_input([put_input("user", label="User"), put_input("pw", type=PASSWORD, label="Password")],
                           "Login", cancelable=True)
    """
    require_thread_app("popup_input")
    items = _content_list(pins)
    names = _pin_names(items)
    action = random_name("popup_input")
    buttons: list[dict[str, Any]] = [{"label": "Submit", "value": True}]
    if cancelable:
        buttons.append({"label": "Cancel", "value": False, "color": "danger"})
    items.append(put_actions(action, buttons=buttons))
    popup(title, items, size=popup_size, closable=False)
    result: Optional[dict[str, Any]] = None
    flagged: Optional[str] = None
    try:
        while True:
            changed = pin_wait_change(action)
            if not changed["value"]:
                return None
            values = {name: pin[name] for name in names}
            error = validate(values) if validate is not None else None
            if not error:
                result = values
                return result
            try:
                field, message = error
            except (TypeError, ValueError):
                raise ValueError("popup_input()'s validate function must return None when the form is valid, "
                                 f"else (pin_name, error_message); it returned {error!r}") from None
            if flagged is not None and flagged != field:
                pin_update(flagged, valid_status=0)
            pin_update(field, valid_status=False, invalid_feedback=str(message))
            flagged = field
    finally:
        close_popup()
