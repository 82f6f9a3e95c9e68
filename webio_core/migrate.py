"""``webio migrate PATH``: rewrite a PyWebIO project's imports for webio.

Only code changes: ``import pywebio``, ``from pywebio.output import …``, ``pywebio_battery`` and the
uses of a module bound by such an import (``pywebio.start_server(…)``). Strings and comments that
merely mention pywebio stay as they are, because the positions come from the syntax tree.

Example::

    webio migrate myproject/ --dry-run    # show the diff
    webio migrate myproject/              # rewrite the files in place
"""
from __future__ import annotations

import ast
import difflib
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, TextIO

RENAMES = {"pywebio": "webio", "pywebio_battery": "webio_battery"}
SKIPPED_DIRS = {"__pycache__", "node_modules", "site-packages", "venv", "env"}


@dataclass
class MigrationResult:
    """What a run changed: the files rewritten (or to rewrite) and those that could not be read."""

    changed: list[Path] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)


def _import_edits(source: str, node: ast.stmt) -> Iterator[tuple[int, int, str]]:
    """(line, column, old name) of each top-level package name in an import statement."""
    end = getattr(node, "end_lineno", None) or node.lineno
    lines = source.splitlines(keepends=True)[node.lineno - 1:end]
    previous = ""
    for tok in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
        if tok.type == tokenize.NAME and tok.string in RENAMES and previous in ("import", "from", ","):
            column = len(tok.line[:tok.start[1]].encode("utf-8"))  # in UTF-8 bytes, as ast's columns
            yield tok.start[0] + node.lineno - 1, column, tok.string
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT) and tok.string not in ("(", "\\"):
            previous = tok.string


def _bound_names(tree: ast.AST) -> set[str]:
    """The old package names the module binds by ``import pywebio[.x]`` without ``as``."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in RENAMES and alias.asname is None:
                    bound.add(top)
    return bound


def find_edits(source: str) -> list[tuple[int, int, str]]:
    """Every (line, column, old name) to rename in ``source``; SyntaxError if it is not Python."""
    tree = ast.parse(source)
    edits: set[tuple[int, int, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in RENAMES for a in node.names):
            edits.update(_import_edits(source, node))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in RENAMES:
            edits.update(_import_edits(source, node))
    bound = _bound_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in bound:
            edits.add((node.lineno, node.col_offset, node.id))
    return sorted(edits)


def rewrite_source(source: str) -> str:
    """``source`` with its pywebio imports (and the uses of the modules they bind) renamed.

    Example::

        rewrite_source("from pywebio.output import put_text\\n")  # 'from webio.output import put_text\\n'
    """
    lines = source.splitlines(keepends=True)
    for line, column, old in reversed(find_edits(source)):
        text = lines[line - 1]
        prefix = text.encode("utf-8")[:column].decode("utf-8")  # ast columns count UTF-8 bytes
        lines[line - 1] = prefix + RENAMES[old] + text[len(prefix) + len(old):]
    return "".join(lines)


def python_files(path: Path) -> Iterator[Path]:
    """``path`` itself, or the .py files under it outside hidden, cache and virtualenv folders."""
    if path.is_file():
        yield path
        return
    for found in sorted(path.rglob("*.py")):
        parts = found.relative_to(path).parts[:-1]
        if not any(part.startswith(".") or part in SKIPPED_DIRS for part in parts):
            yield found


def _read(path: Path) -> tuple[str, str]:
    with path.open("rb") as raw:
        encoding, _ = tokenize.detect_encoding(raw.readline)
    with path.open(encoding=encoding, newline="") as text:
        return text.read(), encoding


def migrate(path: Path, dry_run: bool = False, out: Optional[TextIO] = None) -> MigrationResult:
    """Rewrite the imports of every Python file under ``path``; with ``dry_run``, write the diff to
    ``out`` instead of changing files."""
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    result = MigrationResult()
    for file in python_files(path):
        try:
            source, encoding = _read(file)
            new = rewrite_source(source)
        except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
            result.failed[file] = str(exc)
            continue
        if new == source:
            continue
        result.changed.append(file)
        if dry_run:
            if out is not None:
                out.writelines(difflib.unified_diff(source.splitlines(keepends=True), new.splitlines(keepends=True),
                                                    str(file), f"{file} (webio)"))
        else:
            with file.open("w", encoding=encoding, newline="") as target:
                target.write(new)
    return result
