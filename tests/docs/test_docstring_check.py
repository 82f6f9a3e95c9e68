"""The docs build's checks: a public name without a docstring is a warning (which
``mkdocs build --strict`` turns into a failure), and the source layout lets Griffe find the
plugins under their import names."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import ModuleType

import griffe
import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", ROOT / "docs" / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_public_name_without_docstring_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    package = tmp_path / "demo_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        '"""Demo."""\n__all__ = ["documented", "bare", "Thing"]\n\n'
        'def documented():\n    """Does it.\n\n    Example::\n\n        documented()\n    """\n\n'
        "def bare():\n    pass\n\n"
        'class Thing:\n    """A thing."""\n\n    def act(self):\n        pass\n\n'
        "def _private():\n    pass\n", encoding="utf-8")
    extension = load_hook("require_docstrings").RequireDocstrings(modules=["demo_pkg"])
    with caplog.at_level(logging.WARNING):
        loaded = griffe.load("demo_pkg", search_paths=[str(tmp_path)], extensions=griffe.load_extensions(extension))
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert any("demo_pkg.bare: public name without a docstring" in w for w in warnings), warnings
    assert any("demo_pkg.Thing.act: public name without a docstring" in w for w in warnings), warnings
    assert not any("documented" in w or "_private" in w for w in warnings), warnings
    assert loaded["documented"].docstring.value.splitlines()[2] == "Example:"  # reST '::' made Markdown


def test_plugins_are_found_under_their_import_names() -> None:
    layout = load_hook("source_layout").build_layout()
    package = griffe.load("webio", search_paths=[str(layout)], resolve_aliases=False)
    for plugin in ("flask", "django", "starlette", "tornado", "aiohttp"):
        assert package[plugin].is_module and package[plugin].docstring is not None, plugin
    assert "put_table" in package["output"].members
