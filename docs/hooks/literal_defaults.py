"""Griffe extension: a parameter whose default is a named constant (``max_payload_size=DEFAULT_MAX_PAYLOAD_SIZE``)
is shown with the constant's value (``'200M'``), so the reference gives the default a user can read.

Only module-level constants whose name contains ``DEFAULT`` and whose value is a literal are replaced.
"""
from __future__ import annotations

import ast
from typing import Any

import griffe

logger = griffe.get_logger("webio.docs")


def _literal(pkg: griffe.Module, default: Any) -> str | None:
    """The literal value of the constant ``default`` names, or None if it names none."""
    if not isinstance(default, griffe.ExprName) or "DEFAULT" not in default.name:
        return None
    try:
        target: Any = pkg.modules_collection.get_member(default.canonical_path)
        while isinstance(target, griffe.Alias):
            target = target.final_target
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    value = str(getattr(target, "value", "") or "")
    try:
        ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return None
    return value


def _replace(pkg: griffe.Module, obj: Any) -> None:
    if obj.is_function:
        for parameter in obj.parameters:
            value = _literal(pkg, parameter.default)
            if value is not None:
                parameter.default = value
    for member in obj.members.values():
        if not member.is_alias:
            _replace(pkg, member)


class LiteralDefaults(griffe.Extension):
    """Shows each ``DEFAULT_*`` constant used as a parameter default by its value."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _replace(pkg, pkg)
