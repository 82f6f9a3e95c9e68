"""Apps whose metrics the tests read: callbacks of known length, uploads of known size, big output.

``tool`` (thread session) and ``tool_async`` (coroutine session) each show two buttons, a slow
callback (0.3 s) and a quick one, then ask for files; ``flood`` shows about 1 MB of text.
"""
from __future__ import annotations

import asyncio
import time

from webio.input import file_upload
from webio.output import put_buttons, put_text
from webio.session import hold

SLOW_SECONDS = 0.3


def _slow() -> None:
    time.sleep(SLOW_SECONDS)
    put_text("slow done")


async def _slow_async() -> None:
    await asyncio.sleep(SLOW_SECONDS)
    put_text("slow done")


def _quick() -> None:
    put_text("quick done")


def _report(files: list[dict[str, object]]) -> None:
    put_text(f"got {len(files)} files of {sum(len(file['content']) for file in files)} bytes")  # type: ignore[arg-type]


def tool() -> None:
    put_buttons(["Slow", "Quick"], onclick=[_slow, _quick])
    _report(file_upload("Files", multiple=True))
    hold()


async def tool_async() -> None:
    put_buttons(["Slow", "Quick"], onclick=[_slow_async, _quick])
    _report(await file_upload("Files", multiple=True))
    await hold()


def flood() -> None:
    for index in range(100):
        put_text(f"{index:03d} " + "x" * 10_000)
    put_text("flood done")
    hold()


APPS = {"tool": tool, "tool_async": tool_async, "flood": flood}
