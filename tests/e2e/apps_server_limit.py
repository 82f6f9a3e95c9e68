"""Apps with webio's default-sized ``max_payload_size`` (20M, as under Django), served behind a lower
server limit by tests/e2e/serve_server_limit.py (as daphne's 1 MiB), for tests/e2e/test_oversize.py."""

from __future__ import annotations

from webio.input import file_upload, input
from webio.output import put_text

SERVER_OPTIONS = {"max_payload_size": "20M", "reconnect_timeout": 5}


def upload() -> None:
    """Upload, then a note"""
    picked = file_upload("Your file")
    put_text(f"got {len(picked['content'])} bytes")
    note()


def note() -> None:
    """Note"""
    text = input("Your note")
    put_text(f"saved {len(text)} characters")


APPS = {"upload": upload, "note": note}
