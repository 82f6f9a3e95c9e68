"""Apps given to ``start_server`` as a list (names from the functions, a generated index) and
without ``reconnect_timeout`` (served by tests/e2e/test_transport.py)."""

from __future__ import annotations

from webio.input import input
from webio.output import put_text


def hello() -> None:
    """Say hello

    Asks for a name."""
    name = input("Name for hello")
    put_text(f"hello {name}")


def waiting() -> None:
    put_text("waiting for you")
    input("Anything")


APPS = [hello, waiting]
