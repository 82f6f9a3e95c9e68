"""``Refusal``: why a registry found no session for an id a tab sent, in words for the page.

A registry answers ``get(session_id)`` with None and, when it knows why, keeps a ``Refusal`` that
the transport asks for (``SessionRegistry.refusal``). A *temporary* one (the bus is unreachable
now) keeps the tab's session: HTTP answers 503 with ``Retry-After: retry_seconds``, a WebSocket is
closed with 1013; any other ends the tab with a toast saying why, then ``close_session``:

    >>> Refusal("owner-gone", "The server process stopped.").commands()[-1]["command"]
    'close_session'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..protocol.frames import command

__all__ = ["Refusal", "RETRY_SECONDS"]

# How long a tab told to try again waits first (HTTP ``Retry-After``).
RETRY_SECONDS = 2


@dataclass(frozen=True)
class Refusal:
    """Why a session id found no session: ``kind`` ('malformed', 'no-bus', 'owner-gone',
    'unavailable'...), ``page_text`` for the tab, ``temporary`` if the tab should keep its session
    and try again after ``retry_seconds``."""

    kind: str
    page_text: str
    temporary: bool = False
    retry_seconds: int = RETRY_SECONDS

    def commands(self) -> list[dict[str, Any]]:
        """What the tab gets instead of a bare "closed": a toast saying why, then ``close_session``."""
        toast = {"content": self.page_text, "duration": 0, "position": "center", "color": "error",
                 "callback_id": None}
        return [command("toast", toast), command("close_session")]
