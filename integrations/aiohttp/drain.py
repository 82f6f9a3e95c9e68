"""SIGTERM under aiohttp's ``web.run_app``: drain first, then let aiohttp stop.

Once aiohttp's shutdown begins, it closes its listening socket and stops reading every
connection, WebSockets included (``RequestHandler.close`` makes it drop incoming data), so an open
tab's events would be lost for the whole drain. ``hold_sigterm`` (called from the loop, at the
first request) puts a handler in front of the SIGTERM handler ``run_app`` registered on the loop:
the endpoints drain while aiohttp still listens and reads (readiness probes answer 503, new tabs
are asked to try again, open tabs go on), and aiohttp's own handler runs once they are done or
their ``drain_timeout`` passed. A second SIGTERM stops at once.

    hold_sigterm(endpoint)    # from a coroutine on the server's loop, at its first request
"""
from __future__ import annotations

import asyncio
import logging
import signal
import weakref
from typing import TYPE_CHECKING, Any, Optional

from webio.transport.shutdown import begin_stop

if TYPE_CHECKING:
    from webio.transport import WebioEndpoint

logger = logging.getLogger("webio.aiohttp")

_held: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _HeldSigterm] = weakref.WeakKeyDictionary()


class _HeldSigterm:
    """The SIGTERM handler of one loop: drains ``endpoints``, then runs the server's handler."""

    def __init__(self, loop: asyncio.AbstractEventLoop, server_handler: Any) -> None:
        self.loop = loop
        self.server_handler = server_handler  # the asyncio Handle run_app registered
        self.endpoints: weakref.WeakSet[WebioEndpoint] = weakref.WeakSet()
        self.draining: Optional[asyncio.Task[None]] = None
        self.drained = False  # the drain is over (the endpoints' shutdown hooks need not drain again)

    def __call__(self) -> None:
        if self.draining is not None:  # asked again: stop now
            self._stop_server()
            return
        begin_stop()  # every endpoint of the process drains (this handler replaced webio's signal hook)
        self.draining = self.loop.create_task(self._drain_then_stop())

    async def _drain_then_stop(self) -> None:
        try:
            await asyncio.gather(*(endpoint.adrain() for endpoint in list(self.endpoints)))
        except Exception:
            logger.exception("draining at SIGTERM failed; stopping now")
        self.drained = True
        self._stop_server()

    def _stop_server(self) -> None:
        # aiohttp's handler raises GracefulExit: from a callback of the loop, as when it runs itself.
        self.loop.call_soon(self.server_handler._callback, *self.server_handler._args)


def hold_sigterm(endpoint: WebioEndpoint) -> bool:
    """Drain ``endpoint`` on SIGTERM before the handler registered on the running loop (``run_app``'s)
    stops the server; False if there is none (nothing to do: a server that stops otherwise)."""
    loop = asyncio.get_running_loop()
    held = _held.get(loop)
    if held is None:
        handlers = getattr(loop, "_signal_handlers", None)  # asyncio's Unix loop keeps them here
        server_handler = handlers.get(signal.SIGTERM) if isinstance(handlers, dict) else None
        if server_handler is None or not callable(getattr(server_handler, "_callback", None)):
            return False
        held = _held[loop] = _HeldSigterm(loop, server_handler)
        try:
            loop.add_signal_handler(signal.SIGTERM, held)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
            del _held[loop]
            return False
    held.endpoints.add(endpoint)
    return True


def drained_at_sigterm(endpoint: WebioEndpoint) -> bool:
    """Whether ``endpoint`` already drained on SIGTERM (``hold_sigterm``): do not wait again."""
    return any(held.drained and endpoint in held.endpoints for held in list(_held.values()))
