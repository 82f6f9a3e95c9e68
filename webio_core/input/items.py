"""``InputItem``: one input of a form (or of a pin widget) and how its submitted value is read.

An item is a template: ``input('Age', name='age', type=NUMBER)`` builds one, and every form that
shows it works on its own copy (``input_update`` changes the copy, never the template), so a list
of items can be reused for many forms.

Reading a value sent by the browser can fail in two ways: the user typed something unacceptable
(``InvalidInput``: shown under the input, the form stays open), or the browser sent something no
honest client sends (``RemoteProtocolError``: logged, the message is dropped).
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Optional

from ..exceptions import RemoteProtocolError
from .choices import Choice, choice_at, indexes_of
from .files import FileTooLarge, decode_files

TEXT = "text"
"""Type of ``input()``: one line of text (the default)."""
NUMBER = "number"
"""Type of ``input()``: a whole number, returned as ``int``."""
FLOAT = "float"
"""Type of ``input()``: a number with decimals, returned as ``float``."""
PASSWORD = "password"
"""Type of ``input()``: text shown as dots."""
URL = "url"
"""Type of ``input()``: a web address, checked by the browser."""
DATE = "date"
"""Type of ``input()``: a date picker; the value is ``'YYYY-MM-DD'``."""
TIME = "time"
"""Type of ``input()``: a time picker; the value is ``'HH:MM'``."""
COLOR = "color"
"""Type of ``input()``: a colour picker; the value is ``'#rrggbb'``."""
DATETIME_LOCAL = "datetime-local"
"""Type of ``input()``: a date and time picker; the value is ``'YYYY-MM-DDTHH:MM'``."""

INPUT_TYPES = (TEXT, NUMBER, FLOAT, PASSWORD, URL, DATE, TIME, COLOR, DATETIME_LOCAL)
STRING_TYPES = frozenset({TEXT, PASSWORD, URL, DATE, TIME, COLOR, DATETIME_LOCAL, "textarea"})
CHOICE_TYPES = frozenset({"select", "checkbox", "radio", "actions"})

Validator = Callable[[Any], Optional[str]]


class InvalidInput(ValueError):
    """The user's value cannot be accepted; the message is shown under the input."""


class InputItem:
    """One input: its wire spec, its options (kept server-side) and its callbacks."""

    __slots__ = ("spec", "choices", "validate", "onchange", "action", "preset", "note", "as_file")

    def __init__(self, spec: dict[str, Any], *, choices: Optional[list[Choice]] = None,
                 validate: Optional[Validator] = None, onchange: Optional[Callable[[Any], Any]] = None,
                 action: Optional[tuple[str, Callable[..., Any]]] = None) -> None:
        self.spec = spec
        self.choices = choices
        self.validate = validate
        self.onchange = onchange
        self.action = action
        self.preset: Optional[tuple[str, Any]] = None  # set_value(value, label): (label, value)
        self.as_file = False  # a file input: give file objects, not bytes (file_upload(as_file=True))
        self.note: Any = None  # placement note of a named item (see placement.py)

    @property
    def type(self) -> str:
        """The kind of input: ``'text'``, ``'select'``, ``'checkbox'``, ``'file'``, …"""
        return str(self.spec["type"])

    @property
    def name(self) -> Optional[str]:
        """The name of the value in ``input_group()``'s result (None for a lone input)."""
        return self.spec.get("name")

    @property
    def label(self) -> str:
        """The label shown above the input."""
        return str(self.spec.get("label", ""))

    @property
    def multiple(self) -> bool:
        """True when the value is a list (checkboxes, multiple select or files)."""
        return self.type == "checkbox" or bool(self.spec.get("multiple"))

    def copy(self, name: Optional[str] = None) -> InputItem:
        """A working copy for one form or pin widget (optionally under another name)."""
        twin = InputItem(_spec_copy(self.spec), choices=list(self.choices) if self.choices is not None else None,
                         validate=self.validate, onchange=self.onchange, action=self.action)
        twin.as_file = self.as_file
        if name is not None:
            twin.spec["name"] = name
        return twin

    def wire_spec(self, action_callback_id: Optional[str] = None) -> dict[str, Any]:
        """The item as the browser receives it (options as indexes)."""
        spec = dict(self.spec)
        if self.choices is not None:
            if self.type == "actions":
                spec["buttons"] = [c.button_spec(i) for i, c in enumerate(self.choices)]
            else:
                spec["options"] = [c.option_spec(i) for i, c in enumerate(self.choices)]
        if self.action is not None and action_callback_id is not None:
            spec["action"] = {"label": self.action[0], "callback_id": action_callback_id}
        return spec

    def wire_value(self, value: Any) -> Any:
        """A Python value as the browser shows it (option values become indexes)."""
        if self.choices is not None and self.type != "actions":
            return indexes_of(self.choices, value, self.multiple)
        return value

    # ------------------------------------------------------------------ reading values
    def parse(self, raw: Any) -> Any:
        """The Python value for what the browser sent (see module docstring for the errors)."""
        if self.preset is not None and raw == self.preset[0]:
            return self.preset[1]
        kind = self.type
        if kind in STRING_TYPES:
            return self._parse_string(raw)
        if kind == NUMBER:
            return _parse_number(raw, int)
        if kind == FLOAT:
            return _parse_number(raw, float)
        if kind in CHOICE_TYPES:
            return self._parse_choice(raw)
        if kind == "slider":
            return self._parse_slider(raw)
        if kind == "file":
            try:
                return decode_files(raw, multiple=self.multiple, max_size=int(self.spec.get("max_size") or 0),
                                    max_total_size=int(self.spec.get("max_total_size") or 0), as_file=self.as_file)
            except FileTooLarge as exc:
                raise InvalidInput(str(exc)) from None
        raise RemoteProtocolError(f"cannot read a value for input type {kind!r}")

    def _parse_string(self, raw: Any) -> str:
        if raw is None:
            return ""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            raise RemoteProtocolError(f"{self.type} input {self.name!r} needs a string, got {type(raw).__name__}")
        length = len(raw.encode("utf-16-le")) // 2  # the browser counts UTF-16 code units
        maxlength, minlength = self.spec.get("maxlength"), self.spec.get("minlength")
        if maxlength is not None and length > maxlength:
            raise InvalidInput(f"Please use at most {maxlength} characters (you used {length}).")
        if minlength is not None and raw and length < minlength:
            raise InvalidInput(f"Please use at least {minlength} characters (you used {length}).")
        return raw

    def _parse_choice(self, raw: Any) -> Any:
        assert self.choices is not None
        if self.multiple:
            if raw is None:
                return []
            if not isinstance(raw, list):
                raise RemoteProtocolError(f"{self.type} {self.name!r} needs a list of option indexes, got {raw!r}")
            return [choice_at(self.choices, index).value for index in raw]
        if raw is None:
            return None
        choice = choice_at(self.choices, raw)
        if self.type == "actions" and choice.type != "submit":
            return None  # a cancel button that reached submit: the documented result is None
        return choice.value

    def _parse_slider(self, raw: Any) -> Any:
        if isinstance(raw, str):
            try:
                raw = float(raw)
            except ValueError:
                raise RemoteProtocolError(f"slider {self.name!r} sent {raw!r}, not a number") from None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise RemoteProtocolError(f"slider {self.name!r} needs a number, got {raw!r}")
        low, high = self.spec.get("min_value", 0), self.spec.get("max_value", 100)
        if not low <= raw <= high:
            raise InvalidInput(f"Please choose a value between {low} and {high}.")
        if self.spec.get("float"):
            return float(raw)
        if raw != int(raw):
            raise RemoteProtocolError(f"slider {self.name!r} takes whole numbers, got {raw!r}")
        return int(raw)

    def check_required(self, value: Any) -> None:
        """``InvalidInput`` if the item is required and ``value`` is empty."""
        if not self.spec.get("required") or value not in (None, "", []):
            return
        if self.type == "file":
            raise InvalidInput("Please choose a file.")
        if self.type in CHOICE_TYPES:
            raise InvalidInput("Please select an option.")
        raise InvalidInput("Please fill in this field.")


def _parse_number(raw: Any, kind: type) -> Any:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise RemoteProtocolError(f"a number input sent a boolean: {raw!r}")
    what = "a whole number" if kind is int else "a number"
    if isinstance(raw, str):
        try:
            raw = float(raw.strip()) if kind is float or not raw.strip().lstrip("+-").isdigit() else int(raw)
        except ValueError:
            raise InvalidInput(f"Please enter {what}.") from None
    if not isinstance(raw, (int, float)):
        raise RemoteProtocolError(f"a number input sent {type(raw).__name__}")
    if raw != raw or raw in (float("inf"), float("-inf")):
        raise InvalidInput(f"Please enter {what}.")
    if kind is int:
        if raw != int(raw):
            raise InvalidInput(f"Please enter {what}.")
        return int(raw)
    return float(raw)


def _spec_copy(value: Any) -> Any:
    """A deep copy of a spec: dicts and lists rebuilt, plain values shared, anything else deep-copied
    (``copy.deepcopy`` alone took a tenth of a coroutine session's input round trip)."""
    if isinstance(value, dict):
        return {key: _spec_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_spec_copy(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return copy.deepcopy(value)
