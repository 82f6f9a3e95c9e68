"""Turning ``input_update(...)`` / ``pin_update(...)`` arguments into ``update_input`` attributes.

The server-side copy of the item is updated too, so new options map back to their values and a
new ``required`` or size limit is enforced on the next submission.
"""
from __future__ import annotations

from typing import Any

from ..protocol import parse_size
from .builders import html_attrs
from .choices import make_buttons, make_options
from .items import FLOAT, NUMBER, InputItem

FIXED_FIELDS = ("type", "name", "validate", "action", "code", "onchange", "multiple")
_TEXT_FIELDS = ("label", "placeholder", "help_text", "invalid_feedback", "valid_feedback")
_SERVER_FIELDS = ("required", "readonly", "min_value", "max_value", "step", "maxlength", "minlength", "accept",
                  "rows", "inline")


def encode_update(item: InputItem, attributes: dict[str, Any], function: str) -> dict[str, Any]:
    """Check ``attributes`` against ``item``, apply them to it, return them as the browser needs them."""
    fixed = [key for key in attributes if key in FIXED_FIELDS]
    if fixed:
        hint = " (use pin_on_change() for change callbacks)" if function == "pin_update" and "onchange" in fixed else ""
        raise ValueError(f"{function}() cannot change {fixed[0]!r}{hint}: fixed fields are {', '.join(FIXED_FIELDS)}")
    attributes = dict(attributes)
    wire: dict[str, Any] = {}
    if "options" in attributes or "buttons" in attributes:
        wire.update(_new_choices(item, attributes, function))
    if "value" in attributes:
        wire["value"] = _new_value(item, attributes.pop("value"), function)
    for key in _TEXT_FIELDS:
        if key in attributes:
            value = attributes.pop(key)
            wire[key] = None if value is None else str(value)
    if "valid_status" in attributes:
        status = attributes.pop("valid_status")
        if status not in (True, False, 0, None):
            raise ValueError(f"{function}() valid_status must be True, False or 0 (clear), got {status!r}")
        wire["valid_status"] = 0 if status is None else status
    if "datalist" in attributes:
        datalist = attributes.pop("datalist")
        wire["datalist"] = None if datalist is None else [str(entry) for entry in datalist]
    for key in ("max_size", "max_total_size"):
        if key in attributes:
            wire[key] = item.spec[key] = parse_size(attributes.pop(key))
    for key in _SERVER_FIELDS:
        if key in attributes:
            wire[key] = item.spec[key] = attributes.pop(key)
    wire.update(html_attrs(attributes, function))
    return wire


def _new_choices(item: InputItem, attributes: dict[str, Any], function: str) -> dict[str, Any]:
    key = "buttons" if "buttons" in attributes else "options"
    expected = "buttons" if item.type == "actions" else "options"
    if item.choices is None or key != expected:
        raise ValueError(f"{function}(): {key}= only applies to " + (
            "actions items" if key == "buttons" else "select, checkbox and radio items") + f", not {item.type!r}")
    raw = attributes.pop(key)
    if key == "buttons":
        item.choices = make_buttons(raw, function)
        return {"buttons": [c.button_spec(i) for i, c in enumerate(item.choices)]}
    has_value = "value" in attributes
    item.choices = make_options(raw, value=attributes.get("value"), has_value=has_value, multiple=item.multiple,
                                function=function)
    return {"options": [c.option_spec(i) for i, c in enumerate(item.choices)]}


def _new_value(item: InputItem, value: Any, function: str) -> Any:
    item.preset = None
    if item.choices is not None:
        if item.type == "actions":
            raise ValueError(f"{function}(): an actions item has no value to set")
        return item.wire_value(value)  # values that are not among the options are ignored, as PyWebIO
    if item.type in (NUMBER, FLOAT, "slider"):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise TypeError(f"{function}() value of a {item.type} input must be a number, got {value!r}")
        item.spec["value"] = value
        return value
    if item.type == "file":
        raise ValueError(f"{function}(): the value of a file input cannot be set")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
        raise TypeError(f"{function}() value must be a string, got {value!r}")
    value = None if value is None else str(value)
    item.spec["value"] = value
    return value
