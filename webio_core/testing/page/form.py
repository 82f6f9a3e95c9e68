"""Input items as the browser holds them: in a form (``input_group``) or pinned to the page (``pin``).

An ``Input`` keeps its spec (updated by ``update_input`` / ``pin_update``) and its current value in
*wire form*, exactly what the browser would send: option inputs hold option indexes, ``number``
an int, ``file`` file objects. Tests may fill values the way a user thinks of them: an option by
its label (or index), a number as a string or a number.
"""
from __future__ import annotations

import base64
import mimetypes
import time
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence, Union

from .errors import FormError

OPTION_TYPES = frozenset({"select", "checkbox", "radio"})
UNFILLABLE_TYPES = frozenset({"actions"})
FileArg = Union[tuple[str, bytes], tuple[str, bytes, str]]


@dataclass(frozen=True)
class Option:
    """One option of a select/checkbox/radio (``value`` is its index on the wire)."""

    label: str
    value: Any
    selected: bool
    disabled: bool


def _options(spec: dict[str, Any]) -> list[Option]:
    result = []
    for raw in spec.get("options") or ():
        result.append(Option(str(raw.get("label", "")), raw.get("value"), bool(raw.get("selected")),
                             bool(raw.get("disabled"))))
    return result


class Input:
    """One input item. ``value`` is the wire value; ``display_value`` what the user sees."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec: dict[str, Any] = dict(spec)
        self.value: Any = self._initial_value()
        self.initial_value: Any = self.value

    # ------------------------------------------------------------------ reading
    @property
    def name(self) -> str:
        """The name of the input in the form's values."""
        return str(self.spec.get("name", ""))

    @property
    def type(self) -> str:
        """The kind of input: ``'text'``, ``'select'``, ``'checkbox'``, ``'file'``, …"""
        return str(self.spec.get("type", "text"))

    @property
    def label(self) -> str:
        """The label shown above the input."""
        return str(self.spec.get("label") or "")

    @property
    def options(self) -> list[Option]:
        """The options of a select, checkbox or radio input."""
        return _options(self.spec)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The buttons of an ``actions`` item."""
        return list(self.spec.get("buttons") or ())

    @property
    def valid_status(self) -> Optional[bool]:
        """True (shown valid), False (shown invalid) or None (no mark)."""
        status = self.spec.get("valid_status")
        return status if isinstance(status, bool) else None

    @property
    def invalid_feedback(self) -> str:
        """The error message shown under the input, if any."""
        return str(self.spec.get("invalid_feedback") or "")

    @property
    def valid_feedback(self) -> str:
        """The success message shown under the input, if any."""
        return str(self.spec.get("valid_feedback") or "")

    @property
    def help_text(self) -> str:
        """The help text under the input."""
        return str(self.spec.get("help_text") or "")

    @property
    def placeholder(self) -> str:
        """The hint shown in the empty input."""
        return str(self.spec.get("placeholder") or "")

    @property
    def readonly(self) -> bool:
        """True when the user cannot change the input."""
        return bool(self.spec.get("readonly") or self.spec.get("disabled"))

    @property
    def required(self) -> bool:
        """True when the form cannot be submitted with the input empty."""
        return bool(self.spec.get("required"))

    @property
    def display_value(self) -> Any:
        """The value as the user sees it: option labels instead of indexes, file names for files."""
        if self.type in OPTION_TYPES:
            labels = {option.value: option.label for option in self.options}
            if isinstance(self.value, list):
                return [labels.get(v, v) for v in self.value]
            return labels.get(self.value, self.value)
        if self.type == "actions":
            labels = {b.get("value"): str(b.get("label")) for b in self.buttons}
            return labels.get(self.value, self.value)
        if self.type == "file":
            files = self.value if isinstance(self.value, list) else [self.value] if self.value else []
            names = [f.get("filename") for f in files]
            return names if self.spec.get("multiple") else (names[0] if names else None)
        return self.value

    def __repr__(self) -> str:
        return f"<Input {self.type} {self.name!r} value={self.display_value!r}>"

    # ------------------------------------------------------------------ values
    def _initial_value(self) -> Any:
        kind, spec = self.type, self.spec
        if kind in OPTION_TYPES:
            selected = [option.value for option in self.options if option.selected]
            multiple = kind == "checkbox" or (kind == "select" and spec.get("multiple"))
            if multiple:
                if not selected and isinstance(spec.get("value"), list):
                    return list(spec["value"])
                return selected
            if selected:
                return selected[0]
            if spec.get("value") is not None:
                return spec["value"]
            if kind == "select" and self.options:  # a browser <select> shows its first option
                return self.options[0].value
            return None
        if kind == "actions":
            return None
        if kind == "file":
            return [] if spec.get("multiple") else None
        if kind == "slider":
            return spec.get("value") if spec.get("value") is not None else spec.get("min_value", 0)
        if kind in ("number", "float"):
            return spec.get("value")
        value = spec.get("value")
        return "" if value is None else value

    def wire_value(self) -> Any:
        """The value the browser sends in ``from_submit`` / ``input_event`` / ``pin_value``."""
        kind, value = self.type, self.value
        if kind in ("number", "float"):
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            number = float(value)
            if kind == "number" and number == int(number):
                return int(number)
            return number
        if kind == "slider":
            number = float(value)
            return number if self.spec.get("float") else int(number)
        if kind == "file":
            if self.spec.get("multiple"):
                return list(value or [])
            return value
        if isinstance(value, list):
            return list(value)
        return value

    def set_value(self, value: Any) -> None:
        """Set the value as a user would (labels or indexes for options; files via ``set_files``)."""
        if self.readonly:
            raise FormError(f"input {self.name!r} is read-only: a user cannot change it")
        if self.type in UNFILLABLE_TYPES:
            labels = [str(b.get("label")) for b in self.buttons]
            raise FormError(f"{self.name!r} is a group of buttons ({labels}): use press('label') instead")
        if self.type == "file":
            raise FormError(f"{self.name!r} is a file input: use upload({self.name!r}, files=[('a.txt', b'...')])")
        if self.type in OPTION_TYPES:
            self.value = self._option_value(value)
        elif self.type in ("number", "float", "slider"):
            self.value = self._number(value)
        else:
            self.value = "" if value is None else str(value)

    def _number(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.type == "slider":
                raise FormError(f"slider {self.name!r} always has a number value")
            return None
        try:
            float(value)
        except (TypeError, ValueError):
            raise FormError(f"{self.type} input {self.name!r} only accepts numbers, got {value!r}") from None
        return value

    def _option_value(self, value: Any) -> Any:
        multiple = self.type == "checkbox" or (self.type == "select" and self.spec.get("multiple"))
        if multiple:
            items = value if isinstance(value, (list, tuple, set)) else [value]
            return [self._one_option(item) for item in items]
        if value is None and self.type == "radio":
            return None
        return self._one_option(value)

    def _one_option(self, wanted: Any) -> Any:
        options = self.options
        for option in options:
            if isinstance(wanted, str) and option.label == wanted:
                return self._enabled(option)
        if isinstance(wanted, int) and not isinstance(wanted, bool):
            for option in options:
                if option.value == wanted:
                    return self._enabled(option)
        labels = [option.label for option in options]
        raise FormError(f"{self.name!r} has no option {wanted!r}; its options are {labels} "
                        "(pass a label, or an index as an int)")

    def _enabled(self, option: Option) -> Any:
        if option.disabled:
            raise FormError(f"option {option.label!r} of {self.name!r} is disabled: a user cannot pick it")
        return option.value

    def set_files(self, files: Sequence[FileArg], now_ms: Optional[float] = None) -> None:
        """Choose files for a file input: ``[(filename, content_bytes[, mime_type]), ...]``."""
        if self.type != "file":
            raise FormError(f"{self.name!r} is a {self.type} input, not a file input")
        if self.readonly:
            raise FormError(f"input {self.name!r} is read-only: a user cannot change it")
        objects = [file_object(item, now_ms) for item in files]
        if self.spec.get("multiple"):
            self.value = objects
        else:
            if len(objects) > 1:
                raise FormError(f"file input {self.name!r} takes one file (it is not multiple=True)")
            self.value = objects[0] if objects else None

    def reset(self) -> None:
        """Put the initial value back."""
        self.value = self.initial_value

    # ------------------------------------------------------------------ updates from the server
    def update(self, attributes: dict[str, Any], target_value: Any = None) -> None:
        """Apply ``update_input`` / ``pin_update`` attributes."""
        if target_value is not None and self.type in OPTION_TYPES:
            for raw in self.spec.get("options") or ():
                if raw.get("value") == target_value:
                    raw.update(attributes)
            return
        for key, value in attributes.items():
            if key == "value":
                self.value = value
            elif key == "valid_status":
                self.spec["valid_status"] = value if isinstance(value, bool) else None
            elif key == "options":
                self.spec["options"] = [dict(o) for o in value or ()]
                self.value = self._initial_value()
            else:
                self.spec[key] = value


def file_object(item: FileArg, now_ms: Optional[float] = None) -> dict[str, Any]:
    """The JSON object the browser sends for one chosen file."""
    if len(item) == 3:
        filename, content, mime_type = item
    else:
        filename, content = item
        mime_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "content": base64.b64encode(bytes(content)).decode("ascii"),
            "mime_type": mime_type, "last_modified": time.time() * 1000 if now_ms is None else now_ms}


class Form:
    """The form the browser shows for one ``input_group`` command."""

    def __init__(self, task_id: Optional[str], spec: dict[str, Any]) -> None:
        self.task_id = task_id
        self.spec = spec
        self.inputs = [Input(item) for item in spec.get("inputs") or ()]

    @property
    def label(self) -> str:
        """The title of the form."""
        return str(self.spec.get("label") or "")

    @property
    def cancelable(self) -> bool:
        """True when the form has a cancel button."""
        return bool(self.spec.get("cancelable"))

    @property
    def names(self) -> list[str]:
        """The names of the inputs, in order."""
        return [item.name for item in self.inputs]

    @property
    def labels(self) -> list[str]:
        """The labels of the inputs, in order."""
        return [item.label for item in self.inputs]

    def __getitem__(self, name: str) -> Input:
        for item in self.inputs:
            if item.name == name:
                return item
        for item in self.inputs:
            if item.label == name:
                return item
        raise FormError(f"the form has no input named {name!r}; its inputs are {self.names}")

    def __contains__(self, name: object) -> bool:
        return any(item.name == name for item in self.inputs)

    def __iter__(self) -> Iterator[Input]:
        return iter(self.inputs)

    @property
    def values(self) -> dict[str, Any]:
        """Current values as the user sees them (labels for options)."""
        return {item.name: item.display_value for item in self.inputs}

    def wire_values(self) -> dict[str, Any]:
        """Current values as ``from_submit`` carries them."""
        return {item.name: item.wire_value() for item in self.inputs}

    @property
    def text(self) -> str:
        """The visible text of the form: title, labels, help texts and feedback messages."""
        lines = [self.label]
        for item in self.inputs:
            if item.type == "actions":
                lines.append(" ".join(str(b.get("label", "")) for b in item.buttons))
            lines += [item.label, item.help_text]
            if item.valid_status is False:
                lines.append(item.invalid_feedback)
            elif item.valid_status is True:
                lines.append(item.valid_feedback)
        return "\n".join(line for line in lines if line)

    def __repr__(self) -> str:
        return f"<Form {self.label!r} inputs={self.names}>"
