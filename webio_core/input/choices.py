"""Options of ``select``/``checkbox``/``radio`` and buttons of ``actions``.

The browser never sees option values: each option goes out with its index as ``value`` and the
server keeps the Python objects, so any object (a date, a model instance, ``None``) can be a value,
and a browser cannot submit a value that was not offered.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Optional, Sequence

from ..exceptions import RemoteProtocolError

BUTTON_TYPES = ("submit", "reset", "cancel")
BUTTON_COLORS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")


@dataclass(frozen=True)
class Choice:
    """One option (or action button): what the user sees and the Python value it stands for."""

    label: str
    value: Any
    selected: bool = False
    disabled: bool = False
    type: str = "submit"  # buttons only
    color: Optional[str] = None  # buttons only

    def option_spec(self, index: int) -> dict[str, Any]:
        return {"label": self.label, "value": index, "selected": self.selected, "disabled": self.disabled}

    def button_spec(self, index: int) -> dict[str, Any]:
        spec: dict[str, Any] = {"label": self.label, "value": index, "type": self.type, "disabled": self.disabled}
        if self.color is not None:
            spec["color"] = self.color
        return spec


def _label(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _option_from_dict(item: dict[str, Any], what: str) -> Choice:
    unknown = set(item) - {"label", "value", "selected", "disabled"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)} in {what} {item!r}: use label, value, selected, disabled")
    if "value" not in item and "label" not in item:
        raise ValueError(f"{what} {item!r} needs a 'value' (and usually a 'label')")
    value = item.get("value", item.get("label"))
    return Choice(_label(item.get("label", value)), value, bool(item.get("selected")), bool(item.get("disabled")))


def make_option(item: Any) -> Choice:
    """One option from a dict, a ``(label, value[, selected[, disabled]])`` tuple, or a plain value."""
    if isinstance(item, dict):
        return _option_from_dict(item, "option")
    if isinstance(item, (tuple, list)):
        if not 2 <= len(item) <= 4:
            raise ValueError(f"an option tuple is (label, value[, selected[, disabled]]), got {item!r}")
        label, value, *flags = item
        selected = bool(flags[0]) if flags else False
        disabled = bool(flags[1]) if len(flags) > 1 else False
        return Choice(_label(label), value, selected, disabled)
    return Choice(_label(item), item)


def make_options(options: Optional[Sequence[Any]], *, value: Any = None, has_value: bool = False,
                 multiple: bool, function: str) -> list[Choice]:
    """Normalise ``options`` and apply an initial ``value`` (a list when ``multiple``)."""
    if options is None:
        options = []
    if isinstance(options, (str, bytes, dict)) or not isinstance(options, Sequence):
        raise TypeError(f"{function}() options must be a list, e.g. ['A', 'B'] or [('Label', value)], got {options!r}")
    choices = [make_option(item) for item in options]
    if has_value:
        choices = [replace(choice, selected=True) if choice.selected or _wanted(choice, value) else choice
                   for choice in choices]
    if not multiple:
        choices = _one_selected(choices, value if has_value else None)
    return choices


def _as_values(value: Any) -> list[Any]:
    """The values an initial ``value`` names: a list, tuple or set names several, anything else one."""
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _wanted(choice: Choice, value: Any) -> bool:
    return any(choice.value == v for v in _as_values(value))


def _one_selected(choices: list[Choice], value: Any) -> list[Choice]:
    """A single choice shows one selected option, as a browser does: the last one ``value``
    names, else the last one marked selected. Values no option has are ignored (as PyWebIO)."""
    selected = [i for i, choice in enumerate(choices) if choice.selected]
    if len(selected) <= 1:
        return choices
    named = [i for i in selected if _wanted(choices[i], value)] if value is not None else []
    keep = (named or selected)[-1]
    return [replace(choice, selected=i == keep) if choice.selected else choice for i, choice in enumerate(choices)]


def make_button(item: Any, function: str = "actions") -> Choice:
    """One button from a dict, a ``(label, value[, type[, disabled]])`` tuple, or a plain value."""
    if isinstance(item, dict):
        unknown = set(item) - {"label", "value", "type", "disabled", "color"}
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)} in button {item!r}: use label, value, type, disabled, color")
        button_type = item.get("type", "submit")
        if "label" not in item and "value" not in item:
            raise ValueError(f"button {item!r} needs a 'label'")
        if button_type == "submit" and not item.get("disabled") and "value" not in item:
            raise ValueError(f"submit button {item!r} needs a 'value' (only reset, cancel and disabled buttons may omit it)")
        value = item.get("value", item.get("label"))
        choice = Choice(_label(item.get("label", value)), value, disabled=bool(item.get("disabled")),
                        type=button_type, color=item.get("color"))
    elif isinstance(item, (tuple, list)):
        if not 2 <= len(item) <= 4:
            raise ValueError(f"a button tuple is (label, value[, type[, disabled]]), got {item!r}")
        label, value, *rest = item
        choice = Choice(_label(label), value, type=rest[0] if rest else "submit",
                        disabled=bool(rest[1]) if len(rest) > 1 else False)
    else:
        choice = Choice(_label(item), item)
    if choice.type not in BUTTON_TYPES:
        raise ValueError(f"{function}() button type must be one of {list(BUTTON_TYPES)}, got {choice.type!r}")
    if choice.color is not None and choice.color not in BUTTON_COLORS:
        raise ValueError(f"{function}() button color must be one of {list(BUTTON_COLORS)}, got {choice.color!r}")
    return choice


def make_buttons(buttons: Optional[Sequence[Any]], function: str = "actions") -> list[Choice]:
    if buttons is None:
        buttons = []
    if isinstance(buttons, (str, bytes, dict)) or not isinstance(buttons, Sequence):
        raise TypeError(f"{function}() buttons must be a list, e.g. ['OK', 'Cancel'], got {buttons!r}")
    return [make_button(item, function) for item in buttons]


def choice_at(choices: Sequence[Choice], index: Any) -> Choice:
    """The choice the browser named by its index; ``RemoteProtocolError`` if there is none."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(choices):
        raise RemoteProtocolError(f"option index {index!r} is not one of the {len(choices)} options offered")
    choice = choices[index]
    if choice.disabled:
        raise RemoteProtocolError(f"option {index} ({choice.label!r}) is disabled and cannot be chosen")
    return choice


def indexes_of(choices: Sequence[Choice], value: Any, multiple: bool) -> Any:
    """The wire value (index or list of indexes) selecting ``value``; values not offered are
    ignored (a single choice gets None when nothing matches, the last match otherwise)."""
    values = [] if value is None else _as_values(value)
    found = [i for i, choice in enumerate(choices) if any(choice.value == v for v in values)]
    if multiple:
        return found
    return found[-1] if found else None
