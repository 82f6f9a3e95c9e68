"""``webio.gallery``: every input and output function with its code beside what it shows.

Run it with ``python -m webio.gallery`` or ``webio gallery`` and open http://localhost:8080.
"""
from __future__ import annotations

from .app import gallery_apps, serve
from .catalog import Example, example, examples

__all__ = ["Example", "example", "examples", "gallery_apps", "serve"]
