"""Shared checks of the battery: which calls need a blocking (thread-based) app."""
from __future__ import annotations

import secrets

from ..session import get_current_session
from ..session.coroutinebased import CoroutineSession


def require_thread_app(function: str) -> None:
    """Raise a clear error when a blocking battery call runs in an ``async def`` app."""
    session = get_current_session(function)
    if isinstance(session, CoroutineSession):
        raise TypeError(f"{function}() waits for the browser and only works in a thread-based app (`def app():`); "
                        "in an `async def` app use `await eval_js(...)` / `await pin_wait_change(...)` directly")


def random_name(prefix: str) -> str:
    """A name no app picks by chance (for the battery's own pins and scopes)."""
    return f"{prefix}_{secrets.token_hex(6)}"
