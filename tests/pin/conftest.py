"""Fixtures: ``run(body)`` runs an example body in a thread and a coroutine session (those of tests/input)."""
from __future__ import annotations

from tests.input.conftest import kind, run

__all__ = ["kind", "run"]
