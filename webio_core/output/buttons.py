"""Buttons bound to callbacks.

The browser only ever sees button *indexes* (0, 1, …) as values; the server keeps the real Python
values (any object) and maps the index of a click back to them. A click with an index that names
no button, or a disabled one, is logged and ignored: it can only come from a tampered browser.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, NamedTuple, Optional, Sequence, Union

from ..session.context import get_current_session
from .base import Output, ScopeArg
from .checks import check_bool, check_callable, check_color

logger = logging.getLogger("webio.output")

CALLBACK_OPTIONS = ("serial_mode", "mutex_mode")
OnClick = Union[Callable[[Any], Any], Sequence[Callable[[], Any]]]


class Button(NamedTuple):
    label: str
    value: Any
    color: Optional[str]
    disabled: bool


def _button(item: Any, function: str) -> Button:
    if isinstance(item, dict):
        if "label" not in item:
            raise ValueError(f"{function}() button dicts need a 'label' (and usually a 'value'), got {item!r}")
        unknown = sorted(set(item) - {"label", "value", "color", "disabled"})
        if unknown:
            raise ValueError(f"{function}() button dicts take label, value, color, disabled; got unknown keys {unknown}")
        return Button(str(item["label"]), item.get("value", item["label"]), check_color(function, item.get("color")),
                      check_bool(function, "disabled", item.get("disabled", False)))
    if isinstance(item, (tuple, list)):
        if len(item) != 2:
            raise ValueError(f"{function}() button tuples are (label, value), got {item!r}")
        return Button(str(item[0]), item[1], None, False)
    return Button(str(item), item, None, False)


def _click_handler(buttons: list[Button], onclick: OnClick, function: str) -> Callable[[Any], Any]:
    """The callback the session runs with the clicked index; it calls the app's function(s)."""
    if callable(onclick):
        single: Callable[[Any], Any] = onclick

        def call(index: int) -> Any:
            return single(buttons[index].value)
    elif isinstance(onclick, (list, tuple)):
        if len(onclick) != len(buttons):
            raise ValueError(f"{function}(onclick=[...]) has {len(onclick)} functions for {len(buttons)} buttons: "
                             "give one function per button, or a single function that receives the button value")
        for func in onclick:
            check_callable(function, "onclick", func)
        handlers = list(onclick)

        def call(index: int) -> Any:
            return handlers[index]()
    else:
        raise TypeError(f"{function}(onclick=...) must be a function or a list of functions, got {onclick!r}")

    def on_browser_click(data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int) or not 0 <= data < len(buttons) or buttons[data].disabled:
            logger.warning("ignored a click on button %r: no such enabled button", data)
            return None
        return call(data)

    return on_browser_click


def put_buttons(buttons: Sequence[Any], onclick: OnClick, small: Optional[bool] = None, link_style: bool = False,
                outline: bool = False, group: bool = False, scope: ScopeArg = None, position: int = -1,
                **callback_options: Any) -> Output:
    """Show a row of buttons; a click calls ``onclick(value)`` (or ``onclick[i]()``).

    Buttons are labels, ``(label, value)`` pairs or dicts with ``label``, ``value``, ``color``,
    ``disabled``; values can be any object. ``serial_mode=True`` / ``mutex_mode=True`` control how
    clicks run (see the session docs).

    Example::

        put_buttons(['edit', 'delete'], onclick=lambda choice: put_text(choice))
        put_buttons([('Yes', True), ('No', False)], onclick=save_answer, small=True)
    """
    return _put_buttons("put_buttons", buttons, onclick, small, link_style, outline, group, scope, position,
                        callback_options)


def _put_buttons(function: str, buttons: Sequence[Any], onclick: OnClick, small: Optional[bool], link_style: bool,
                 outline: bool, group: bool, scope: ScopeArg, position: int, options: dict[str, Any]) -> Output:
    unknown = sorted(set(options) - set(CALLBACK_OPTIONS))
    if unknown:
        raise TypeError(f"{function}() got unexpected arguments {unknown}; callback options are {list(CALLBACK_OPTIONS)}")
    if not isinstance(buttons, (list, tuple)):
        raise TypeError(f"{function}() takes a list of buttons, got {type(buttons).__name__}")
    items = [_button(item, function) for item in buttons]
    handler = _click_handler(items, onclick, function)
    specs = []
    for index, item in enumerate(items):
        spec: dict[str, Any] = {"label": item.label, "value": index}
        if item.color:
            spec["color"] = item.color
        if item.disabled:
            spec["disabled"] = True
        specs.append(spec)
    output = Output({"type": "buttons", "callback_id": None, "buttons": specs,
                     "small": bool(small), "link": check_bool(function, "link_style", link_style),
                     "outline": check_bool(function, "outline", outline), "group": check_bool(function, "group", group)},
                    get_current_session(function), scope=scope, position=position)
    # Registered last, so that a call rejected above leaves no callback behind.
    output.spec["callback_id"] = output.session.register_callback(
        handler, serial_mode=bool(options.get("serial_mode", False)), mutex_mode=bool(options.get("mutex_mode", False)))
    return output


def put_button(label: str, onclick: Callable[[], Any], color: Optional[str] = None, small: Optional[bool] = None,
               link_style: bool = False, outline: bool = False, disabled: bool = False,
               scope: ScopeArg = None, position: int = -1) -> Output:
    """Show one button; a click calls ``onclick()``.

    Example::

        put_button("click me", onclick=lambda: toast("Clicked"), color='success', outline=True)
    """
    check_callable("put_button", "onclick", onclick)
    button = {"label": label, "value": 0, "color": color, "disabled": disabled}
    return _put_buttons("put_button", [button], [onclick], small, link_style, outline, False, scope, position, {})
