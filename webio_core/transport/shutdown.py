"""The end of the process: open sessions close cleanly whichever way the server stops.

- Every ``WebioEndpoint`` is remembered (weakly); when the interpreter exits normally (a WSGI server
  such as gunicorn returning from SIGTERM, a script ending) the endpoints still open are closed, so
  each tab is told and every ``defer_call`` runs. Servers that close their endpoint themselves
  (Tornado, aiohttp, Starlette's lifespan) make this a no-op.
- ``sigterm_interrupts()``: a blocking ``start_server`` whose server stops only on Ctrl+C (werkzeug,
  Django's development server) installs it so SIGTERM stops it the same way, with no traceback.

Example::

    with sigterm_interrupts():
        app.run(port=8080)        # SIGTERM or Ctrl+C: returns, then the exit closes the sessions
"""
from __future__ import annotations

import atexit
import contextlib
import logging
import signal
import threading
import time
import weakref
from types import FrameType
from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:
    from .endpoint import WebioEndpoint

logger = logging.getLogger("webio.server")

# How long the exit waits for sessions closed on another thread (coroutine sessions) to finish.
EXIT_GRACE = 2.0
_endpoints: weakref.WeakSet[WebioEndpoint] = weakref.WeakSet()


def track(endpoint: WebioEndpoint) -> None:
    """Close ``endpoint`` when the interpreter exits, unless it is gone by then."""
    _endpoints.add(endpoint)


def close_open_endpoints(grace: float = EXIT_GRACE) -> None:
    """Close every endpoint still alive; wait up to ``grace`` seconds for their sessions to finish."""
    endpoints = list(_endpoints)
    for endpoint in endpoints:
        try:
            endpoint.close()
        except Exception:  # one broken endpoint must not keep the others' deferred calls from running
            logger.exception("closing %r at exit failed", endpoint)
    deadline = time.monotonic() + grace
    while any(len(endpoint.registry) for endpoint in endpoints) and time.monotonic() < deadline:
        time.sleep(0.02)


atexit.register(close_open_endpoints)


def _interrupt(signum: int, frame: Optional[FrameType]) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM acts like Ctrl+C (KeyboardInterrupt, swallowed at the end, no traceback);
    on leaving, the endpoints close (``close_open_endpoints``). Only in the main thread."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        close_open_endpoints()
