"""An app with a small ``max_payload_size``, for what a user sees when a value is too large to send
(served by tests/e2e/test_oversize.py over WebSocket)."""

from __future__ import annotations

from webio.input import input
from webio.output import put_text

SERVER_OPTIONS = {"max_payload_size": "1K", "reconnect_timeout": 3}


def note() -> None:
    """Note"""
    text = input("Your note")
    put_text(f"saved {len(text)} characters")


APPS = {"note": note}
