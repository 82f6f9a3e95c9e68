"""Running one example body in both session kinds.

An example body is written once as ``async def`` and awaits input functions through ``ask(...)``:
in a coroutine session ``ask`` awaits the input; in a thread session the input has already
returned its value (the body runs in the app thread under ``asyncio.run``).
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable


async def ask(value: Any) -> Any:
    """``await ask(input(...))``: the input's value in both session kinds."""
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value


def as_app(body: Callable[[], Any], kind: str) -> Callable[[], Any]:
    """An async example body as an app of ``kind`` ('thread' or 'coroutine')."""
    if kind == "coroutine":
        return body

    def thread_app() -> Any:
        return asyncio.run(body())

    return thread_app
