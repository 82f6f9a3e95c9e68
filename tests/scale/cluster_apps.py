"""The apps of the multi-process deployments: ten input round trips, thread-based and coroutine-based.

After the tenth answer the app says "done" and asks once more, so the session stays open until
the test leaves (the end of a session is tested on its own).
"""
from __future__ import annotations

import hashlib
import os

from webio.input import file_upload, input as webio_input
from webio.output import put_text

ROUNDS = 10


def echo() -> None:
    put_text(f"served by process {os.getpid()}")
    for round_number in range(ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")
    webio_input("More?")


async def echo_async() -> None:
    put_text(f"served by process {os.getpid()}")
    for round_number in range(ROUNDS):
        name = await webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")
    await webio_input("More?")


def uploader() -> None:
    """Takes one file and says its name, size and SHA-256, then waits."""
    upload = file_upload("A file")
    put_text(f"got {upload['filename']} {len(upload['content'])} {hashlib.sha256(upload['content']).hexdigest()}")
    webio_input("More?")


APPS = {"echo": echo, "echo_async": echo_async}
