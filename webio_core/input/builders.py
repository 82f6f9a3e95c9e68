"""Building and checking the items of ``input()``, ``select()``, … and of the pin widgets.

Each ``*_item`` function checks its arguments (raising errors that say what to pass instead) and
returns an ``InputItem``. ``webio.input`` and ``webio.pin`` share them.
"""
from __future__ import annotations

import inspect
import re
from typing import Any, Callable, Optional, Sequence

from ..protocol import parse_size
from .choices import make_buttons, make_options
from .files import accept_list
from .items import FLOAT, INPUT_TYPES, NUMBER, STRING_TYPES, TEXT, InputItem, Validator

# Fields the item spec owns: passing them through **other_html_attrs would corrupt the item.
RESERVED_ATTRS = frozenset({
    "type", "name", "options", "buttons", "onchange", "onblur", "validate", "action", "auto_focus",
    "valid_status", "invalid_feedback", "valid_feedback", "float", "callback_id",
})
_ATTR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]*$")


def check_name(name: Any, function: str) -> Optional[str]:
    if name is None:
        return None
    if not isinstance(name, str) or not name:
        raise TypeError(f"{function}() name must be a non-empty string, got {name!r}")
    return name


def html_attrs(attrs: dict[str, Any], function: str) -> dict[str, Any]:
    """Check ``**other_html_attrs``: plain attribute names with plain values."""
    for key, value in attrs.items():
        if key in RESERVED_ATTRS:
            raise TypeError(f"{function}() does not take {key!r}" + (
                " (only input functions with an onchange parameter take it)" if key == "onchange" else
                ": it is managed by webio, not an HTML attribute"))
        if not _ATTR_NAME.match(key):
            raise ValueError(f"{function}(): {key!r} is not a valid HTML attribute name")
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise TypeError(f"{function}(): HTML attribute {key}= must be a string, number or bool, got {value!r}")
    return {key: value for key, value in attrs.items() if value is not None}


def common_spec(kind: str, label: Any, name: Optional[str], function: str, *, placeholder: Any = None,
                required: Any = None, readonly: Any = None, help_text: Any = None,
                validate: Optional[Validator] = None, onchange: Optional[Callable[[Any], Any]] = None,
                other_html_attrs: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    if validate is not None and not callable(validate):
        raise TypeError(f"{function}() validate must be a function returning None or an error message, got {validate!r}")
    if inspect.iscoroutinefunction(validate):
        raise TypeError(f"{function}() validate must be a plain function (it runs while the form waits), "
                        "not an async function")
    if onchange is not None and not callable(onchange):
        raise TypeError(f"{function}() onchange must be a function taking the new value, got {onchange!r}")
    spec: dict[str, Any] = html_attrs(other_html_attrs or {}, function)
    spec.update(type=kind, label="" if label is None else str(label))
    check_name(name, function)
    if name is not None:
        spec["name"] = name
    for key, value in (("placeholder", placeholder), ("help_text", help_text)):
        if value is not None:
            spec[key] = str(value)
    for key, value in (("required", required), ("readonly", readonly)):
        if value is not None:
            spec[key] = bool(value)
    if validate is not None:
        spec["onblur"] = True
    if onchange is not None:
        spec["onchange"] = True
    return spec


def _text_value(kind: str, value: Any, function: str) -> Any:
    if value is None:
        return None
    if kind in (NUMBER, FLOAT):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise TypeError(f"{function}() value of a {kind} input must be a number, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(
            f"{function}() value must be a string, got {value!r}; to submit another object, "
            "use action=(label, callback) and set_value(value, label)"
        )
    return str(value)


def text_item(label: Any = "", type: str = TEXT, *, name: Optional[str] = None, value: Any = None,
              action: Any = None, validate: Optional[Validator] = None, onchange: Any = None,
              placeholder: Any = None, required: Any = None, readonly: Any = None, datalist: Any = None,
              help_text: Any = None, function: str = "input", **other_html_attrs: Any) -> InputItem:
    if type not in INPUT_TYPES:
        raise ValueError(
            f"{function}() type {type!r} is unknown: use one of TEXT, NUMBER, FLOAT, PASSWORD, URL, DATE, TIME, "
            "COLOR, DATETIME_LOCAL (textarea(), select(), checkbox(), radio(), slider(), file_upload() for the others)"
        )
    spec = common_spec(type, label, name, function, placeholder=placeholder, required=required, readonly=readonly,
                       help_text=help_text, validate=validate, onchange=onchange, other_html_attrs=other_html_attrs)
    if value is not None:
        spec["value"] = _text_value(type, value, function)
    if datalist is not None:
        if type != TEXT:
            raise ValueError(f"{function}() datalist works only with type=TEXT, not {type!r}")
        if isinstance(datalist, (str, bytes)) or not isinstance(datalist, Sequence):
            raise TypeError(f"{function}() datalist must be a list of suggestions, got {datalist!r}")
        spec["datalist"] = [str(item) for item in datalist]
    if action is not None:
        if (not isinstance(action, (tuple, list)) or len(action) != 2 or not callable(action[1])):
            raise TypeError(f"{function}() action must be (button_label, callback), where callback(set_value) "
                            f"sets the value; got {action!r}")
        action = (str(action[0]), action[1])
    return InputItem(spec, validate=validate, onchange=onchange, action=action)


def textarea_item(label: Any = "", *, rows: int = 6, code: Any = None, maxlength: Optional[int] = None,
                  minlength: Optional[int] = None, validate: Optional[Validator] = None, name: Optional[str] = None,
                  value: Any = None, onchange: Any = None, placeholder: Any = None, required: Any = None,
                  readonly: Any = None, help_text: Any = None, function: str = "textarea",
                  **other_html_attrs: Any) -> InputItem:
    spec = common_spec("textarea", label, name, function, placeholder=placeholder, required=required,
                       readonly=readonly, help_text=help_text, validate=validate, onchange=onchange,
                       other_html_attrs=other_html_attrs)
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        raise ValueError(f"{function}() rows must be a positive int, got {rows!r}")
    spec["rows"] = rows
    if code is True:
        code = {}
    if code not in (None, False) and not isinstance(code, dict):
        raise TypeError(f"{function}() code must be True or a dict of editor options like {{'mode': 'python'}}, got {code!r}")
    spec["code"] = code if isinstance(code, dict) else False
    for key, limit in (("maxlength", maxlength), ("minlength", minlength)):
        if limit is not None:
            if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
                raise ValueError(f"{function}() {key} must be a non-negative int, got {limit!r}")
            spec[key] = limit
    if value is not None:
        spec["value"] = _text_value(TEXT, value, function)
    return InputItem(spec, validate=validate, onchange=onchange)


def choice_item(kind: str, label: Any, options: Any, *, multiple: bool = False, value: Any = None,
                inline: Any = None, native: Any = None, validate: Optional[Validator] = None,
                name: Optional[str] = None, onchange: Any = None, required: Any = None, help_text: Any = None,
                function: str, **other_html_attrs: Any) -> InputItem:
    """``select``/``checkbox``/``radio``: options with their values kept server-side."""
    spec = common_spec(kind, label, name, function, required=required, help_text=help_text, validate=validate,
                       onchange=onchange, other_html_attrs=other_html_attrs)
    choices = make_options(options, value=value, has_value=value is not None, multiple=multiple, function=function)
    if kind == "select":
        spec["multiple"] = bool(multiple)
        spec["native"] = True if native is None else bool(native)
    if inline is not None:
        spec["inline"] = bool(inline)
    return InputItem(spec, choices=choices, validate=validate, onchange=onchange)


def actions_item(label: Any = "", buttons: Any = None, *, name: Optional[str] = None, help_text: Any = None,
                 function: str = "actions") -> InputItem:
    spec = common_spec("actions", label, name, function, help_text=help_text)
    return InputItem(spec, choices=make_buttons(buttons, function))


DEFAULT_FILE_PLACEHOLDER = "Choose file"


def file_item(label: Any = "", accept: Any = None, *, name: Optional[str] = None,
              placeholder: Any = DEFAULT_FILE_PLACEHOLDER,
              multiple: bool = False, max_size: Any = 0, max_total_size: Any = 0, required: Any = None,
              help_text: Any = None, function: str = "file_upload", as_file: bool = False,
              **other_html_attrs: Any) -> InputItem:
    if placeholder == DEFAULT_FILE_PLACEHOLDER:
        placeholder = None  # the browser shows its own "Choose file" in the user's language
    spec = common_spec("file", label, name, function, placeholder=placeholder, required=required,
                       help_text=help_text, other_html_attrs=other_html_attrs)
    accepted = accept_list(accept)
    if accepted is not None:
        spec["accept"] = accepted
    spec.update(multiple=bool(multiple), max_size=parse_size(max_size), max_total_size=parse_size(max_total_size))
    item = InputItem(spec)
    item.as_file = bool(as_file)
    return item


def slider_item(label: Any = "", *, name: Optional[str] = None, value: Any = 0, min_value: Any = 0,
                max_value: Any = 100, step: Any = 1, validate: Optional[Validator] = None, onchange: Any = None,
                required: Any = None, help_text: Any = None, function: str = "slider",
                **other_html_attrs: Any) -> InputItem:
    spec = common_spec("slider", label, name, function, required=required, help_text=help_text, validate=validate,
                       onchange=onchange, other_html_attrs=other_html_attrs)
    numbers = {"value": value, "min_value": min_value, "max_value": max_value, "step": step}
    for key, number in numbers.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise TypeError(f"{function}() {key} must be a number, got {number!r}")
    if not min_value <= value <= max_value:
        raise ValueError(f"{function}() value {value!r} must lie between min_value {min_value!r} and max_value {max_value!r}")
    if step <= 0:
        raise ValueError(f"{function}() step must be positive, got {step!r}")
    is_float = any(isinstance(n, float) for n in (value, min_value, max_value))
    spec.update(value=value, min_value=min_value, max_value=max_value, float=is_float,
                step="any" if is_float and step == 1 and isinstance(step, int) else step)
    return InputItem(spec, validate=validate, onchange=onchange)


def is_text_kind(kind: str) -> bool:
    return kind in STRING_TYPES or kind in (NUMBER, FLOAT)
