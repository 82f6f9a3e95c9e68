"""Fixtures of the PyWebIO compatibility tests: ``run(body)`` in a thread and a coroutine session."""
from __future__ import annotations

from tests.pin.conftest import kind, run  # noqa: F401  (re-exported fixtures)
