"""The built browser client of webio (``webio.static``): the files every plugin serves."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

STATIC_PATH = str(Path(__file__).resolve().parent / "dist")


def asset_path(name: str) -> Path:
    """The path of a built asset, e.g. ``asset_path('webio.js')``."""
    return Path(STATIC_PATH) / name


@cache
def asset_version(name: str) -> str:
    """A short content hash of an asset, used in URLs for cache-busting."""
    try:
        return hashlib.sha256(asset_path(name).read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"
