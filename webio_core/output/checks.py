"""Argument checks shared by the output functions; each error says which values are allowed."""
from __future__ import annotations

from typing import Any, Collection, Optional

COLORS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")


def check_choice(function: str, name: str, value: Any, allowed: Collection[str]) -> str:
    """``value`` if it is one of ``allowed``, else a ValueError naming the choices."""
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{function}({name}={value!r}) is not supported: use one of {choices}")
    return str(value)


def check_color(function: str, value: Optional[str], name: str = "color") -> Optional[str]:
    """A Bootstrap colour name (or None)."""
    if value is None:
        return None
    return check_choice(function, name, value, COLORS)


def check_bool(function: str, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{function}({name}=...) must be True or False, got {value!r}")
    return value


def check_css_size(function: str, name: str, value: Any) -> Optional[str]:
    """A CSS length ('30px', '10%', '2fr', 'auto'); an int means pixels; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{function}({name}=...) must be a CSS size such as '100px' or '50%', got {value!r}")
    if isinstance(value, (int, float)):
        return f"{value}px"
    if not isinstance(value, str):
        raise TypeError(f"{function}({name}=...) must be a CSS size such as '100px' or '50%', got {value!r}")
    if any(ch in value for ch in ";{}<>\"'"):
        raise ValueError(f"{function}({name}={value!r}) is not a CSS size: use values such as '100px', '50%', '1fr'")
    return value


def check_number_range(function: str, name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"{function}({name}=...) must be a number from {low} to {high}, got {value!r}")
    return float(value)


def check_callable(function: str, name: str, value: Any) -> None:
    if not callable(value):
        raise TypeError(f"{function}({name}=...) must be a function, got {value!r}")
