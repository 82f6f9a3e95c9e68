"""MkDocs hook: lay out the sources under their import names for mkdocstrings.

The package ``webio`` lives in ``webio_core/`` and its plugins in ``integrations/`` (setup.cfg's
``package_dir``), so Griffe cannot find ``webio.flask`` by name. Before each build this hook links
them into ``build/docs-src/webio`` (as tests/typecheck.sh does for mypy); mkdocs.yml points
mkdocstrings' ``paths`` there. New modules appear without any change here.
"""
from __future__ import annotations

import configparser
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = ROOT / "build" / "docs-src"


def package_dirs() -> dict[str, Path]:
    """Import name → source folder, from setup.cfg's ``package_dir``."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    dirs = {}
    for line in parser.get("options", "package_dir").strip().splitlines():
        name, _, folder = (part.strip() for part in line.partition("="))
        dirs[name] = ROOT / folder
    return dirs


def build_layout() -> Path:
    """(Re)create build/docs-src/webio: the core's files, then each mapped subpackage."""
    dirs = package_dirs()
    target = LAYOUT / "webio"
    shutil.rmtree(LAYOUT, ignore_errors=True)
    target.mkdir(parents=True)
    for entry in dirs["webio"].iterdir():
        if entry.name != "__pycache__":
            (target / entry.name).symlink_to(entry)
    for name, folder in dirs.items():
        if name.startswith("webio.") and name.count(".") == 1:
            link = target / name.split(".", 1)[1]
            if not link.exists():
                link.symlink_to(folder)
    return LAYOUT


def on_startup(**kwargs: Any) -> None:
    build_layout()
