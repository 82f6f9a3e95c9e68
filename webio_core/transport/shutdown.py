"""The end of the process: open sessions close cleanly whichever way the server stops.

- Every ``WebioEndpoint`` is remembered (weakly); when the interpreter exits normally (a WSGI server
  such as gunicorn returning from SIGTERM, a script ending) the endpoints still open are closed, so
  each tab is told and every ``defer_call`` runs. Servers that close their endpoint themselves
  (Tornado, aiohttp, Starlette's lifespan) make this a no-op.
- A graceful stop drains first: every endpoint stops taking new sessions (readiness probes answer
  503) and keeps serving its open ones for up to its ``drain_timeout`` (default 30 s with a bus, so
  the other workers reach them; 0 without), then closes them. ``watch_sigterm`` puts a hook in front
  of the server's own SIGTERM handler (gunicorn's worker), so draining starts with the signal, and
  caps the drain by the server's graceful timeout so deferred calls still run before it kills us.
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
from typing import TYPE_CHECKING, Callable, Iterator, Optional

if TYPE_CHECKING:
    from .endpoint import WebioEndpoint

logger = logging.getLogger("webio.server")

# How long the exit waits for sessions closed on another thread (coroutine sessions) to finish.
EXIT_GRACE = 2.0
# Kept free before the server's own kill, for closing the sessions (deferred calls) after a drain.
CLOSE_MARGIN = 5.0
_endpoints: weakref.WeakSet[WebioEndpoint] = weakref.WeakSet()


class _Stop:
    """When the stop began (the signal), and by when the server will kill us if it said."""

    began: Optional[float] = None
    server_limit: Optional[float] = None
    quick = False


def track(endpoint: WebioEndpoint) -> None:
    """Close ``endpoint`` when the interpreter exits, unless it is gone by then."""
    _endpoints.add(endpoint)
    watch_sigterm()


def begin_stop() -> None:
    """The process is asked to stop: every endpoint starts draining (see the module docstring)."""
    if _Stop.began is None:
        _Stop.began = time.monotonic()
    for endpoint in list(_endpoints):
        endpoint.start_draining()


def quick_stop() -> None:
    """The process is asked to stop at once (Ctrl+C, gunicorn's SIGQUIT): no drain at exit."""
    _Stop.quick = True


def watch_sigterm() -> None:
    """Run ``begin_stop`` on SIGTERM (``quick_stop`` on SIGINT / SIGQUIT) before the handler the
    server installed, if it is a Python one (gunicorn's worker); learn the server's graceful timeout
    from it. Main thread only; once per handler."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name, first in (("SIGTERM", begin_stop), ("SIGINT", quick_stop), ("SIGQUIT", quick_stop)):
        signum = getattr(signal, name, None)
        if signum is not None:
            _chain(signum, first)


def _chain(signum: int, first: Callable[[], None]) -> None:
    current = signal.getsignal(signum)
    if not callable(current) or getattr(current, "webio_hook", False):
        return
    if signum == signal.SIGTERM:
        config = getattr(getattr(current, "__self__", None), "cfg", None)  # gunicorn: worker.cfg
        limits = [getattr(config, name, None) for name in ("graceful_timeout", "timeout")]
        known = [float(value) for value in limits if isinstance(value, (int, float)) and value > 0]
        if known:
            _Stop.server_limit = min(known)

    def hook(number: int, frame: Optional[FrameType]) -> None:
        first()
        current(number, frame)

    hook.webio_hook = True  # type: ignore[attr-defined]
    try:
        signal.signal(signum, hook)
    except ValueError:  # not the main interpreter
        pass


def drain_open_endpoints(endpoints: list[WebioEndpoint]) -> None:
    """Let the endpoints with open sessions and a drain time serve them until they end or the
    longest ``drain_timeout`` passes (capped by the server's graceful timeout, when known)."""
    waiting = [endpoint for endpoint in endpoints if len(endpoint.registry) and endpoint.drain_seconds > 0]
    if not waiting or _Stop.quick:
        return
    now = time.monotonic()
    deadline = now + max(endpoint.drain_seconds for endpoint in waiting)
    if _Stop.server_limit is not None:
        deadline = min(deadline, (_Stop.began or now) + _Stop.server_limit - CLOSE_MARGIN)
    open_sessions = sum(len(endpoint.registry) for endpoint in waiting)
    logger.info("stopping: %d open session(s) are served for up to %.0f s more (drain_timeout), then closed",
                open_sessions, max(0.0, deadline - now))
    for endpoint in waiting:
        endpoint.start_draining()
    try:
        while any(len(endpoint.registry) for endpoint in waiting) and time.monotonic() < deadline:
            time.sleep(0.1)
    except KeyboardInterrupt:  # asked again: stop waiting
        pass


def close_open_endpoints(grace: float = EXIT_GRACE) -> None:
    """Drain, then close every endpoint still alive; wait up to ``grace`` seconds for their sessions to finish."""
    endpoints = list(_endpoints)
    drain_open_endpoints(endpoints)
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
