"""Griffe extension: a public name documented by mkdocstrings without a docstring is a warning,
which ``mkdocs build --strict`` turns into a failed build.

Public means: listed in its module's ``__all__`` when the module has one, otherwise not starting
with an underscore; for a public class, its public methods and properties too.
"""
from __future__ import annotations

import re
from typing import Any

import griffe

logger = griffe.get_logger("webio.docs")


def _public_names(module: griffe.Module) -> list[str]:
    exported = module.exports
    if exported is not None:
        names = [name if isinstance(name, str) else name.name for name in exported]
        return [name for name in names if not name.startswith("__")]
    return [name for name in module.members if not name.startswith("_")]


def _check(obj: Any, where: str, internal: frozenset[str] = frozenset()) -> None:
    if isinstance(obj, griffe.Alias):
        try:
            obj = obj.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return  # a name from another package (e.g. the stdlib): documented there
    if obj.is_module or (obj.is_attribute and str(obj.value or "").startswith("TypeVar(")):
        return  # modules have their own page; a type variable is not API
    if not obj.docstring or not obj.docstring.value.strip():
        logger.warning(f"{where}: public name without a docstring (add one: what it does, a short example)")
    if obj.is_class and obj.path not in internal and where not in internal:
        for name, member in obj.members.items():
            if not name.startswith("_") and not member.is_alias and (member.is_function or member.is_attribute
                                                                       and "property" in member.labels):
                _check(member, f"{where}.{name}", internal)


class RequireDocstrings(griffe.Extension):
    """Warns about each public name of the reference's modules (option ``modules``) that has no
    docstring, and turns reST's ``Example::`` into Markdown's ``Example:`` before an indented block."""

    def __init__(self, modules: list[str], internal_classes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.modules = modules
        # Classes whose methods are the server's machinery (called by transports, not by apps):
        # the class needs a docstring, its methods do not.
        self.internal = frozenset(internal_classes)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for path in self.modules:
            if path.split(".")[0] != pkg.name:
                continue
            module = pkg.modules_collection.get_member(path)
            if not module.docstring:
                logger.warning(f"{path}: module without a docstring")
            for name in _public_names(module):
                if name in module.members:
                    _check(module.members[name], f"{path}.{name}", self.internal)
        _markdown_examples(pkg)


# A doctest at the start of a line (``>>> code`` and its output, up to a blank line): Markdown would
# read it as nested quotes with live HTML in them; it becomes a fenced code block.
_DOCTEST = re.compile(r"^>>> .*(?:\n(?!\s*$).*)*", re.MULTILINE)


def _markdown_examples(obj: Any) -> None:
    """``Example::`` (reST) → ``Example:``: the indented block after it is code in Markdown too;
    a doctest block becomes fenced code."""
    if obj.docstring:
        value = re.sub(r"::[ \t]*$", ":", obj.docstring.value, flags=re.MULTILINE)
        obj.docstring.value = _DOCTEST.sub(lambda found: f"```pycon\n{found.group(0)}\n```", value)
    for member in obj.members.values():
        if not member.is_alias:
            _markdown_examples(member)
