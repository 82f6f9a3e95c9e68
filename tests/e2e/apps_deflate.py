"""An app whose frames are large enough to travel compressed (tests/e2e/test_deflate.py)."""

from __future__ import annotations

from webio.input import input
from webio.output import put_text

GREETING = "deflate " * 1000


def APPS() -> None:
    put_text(GREETING)
    while True:
        value = input("Echo")
        put_text(f"echoed {len(value)} characters ending in {value[-12:]}")
