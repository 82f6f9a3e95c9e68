"""Finding a tab's session from an event loop without blocking it.

With a bus, ``registry.get`` of another worker's session that this worker does not follow yet asks
the owner over the bus and waits for its answer (up to seconds if the owner is slow or the bus is
down). An asyncio transport runs that lookup in a thread, so the loop keeps serving other tabs:

    lookup = await lookup_off_loop(registry, session_id)      # None: look up as usual, it is quick
    session = (lookup or registry.get)(session_id)
"""
from __future__ import annotations

import asyncio
from typing import Callable, Optional

from ..session.port import SessionPort, SessionRegistry

Lookup = Callable[[str], Optional[SessionPort]]


async def lookup_off_loop(registry: SessionRegistry, session_id: Optional[str]) -> Optional[Lookup]:
    """If ``registry.get(session_id)`` may wait on a bus (``lookup_blocks``), run it in a thread now
    and return a lookup answering with what it found; else None (look up as usual)."""
    if not session_id or not registry.lookup_blocks(session_id):
        return None
    found = await asyncio.get_running_loop().run_in_executor(None, registry.get, session_id)
    return lambda _session_id: found
