"""One log line per rejected browser message, rate-limited per logger and reason.

A flood of garbage writes ``burst`` lines, then about one a second per reason, each saying how many
similar ones were held back (``protocol/ratelimit.py``). Used by the transports and the sessions.

Example::

    log_rejected(logger, "message", "session %s…: rejected a message from the browser: %s", sid, exc)
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from . import metrics
from .protocol.ratelimit import LogBudget

_budget = LogBudget(rate=1.0, burst=10)
_lock = threading.Lock()


def log_rejected(logger: logging.Logger, reason: str, msg: str, *args: Any, level: int = logging.WARNING) -> bool:
    """Log ``msg % args`` unless lines of this ``reason`` come too fast; True if it was written."""
    metrics.recorder.rejected(reason)
    if not logger.isEnabledFor(level):
        return False
    with _lock:
        allowed, suppressed = _budget.take(f"{logger.name}\0{reason}", time.monotonic())
    if not allowed:
        return False
    if suppressed:
        msg += " (%d similar messages suppressed)"
        args = (*args, suppressed)
    logger.log(level, msg, *args, stacklevel=2)
    return True


def reset_log_budget() -> None:
    """Forget what was logged (for tests that count lines)."""
    with _lock:
        _budget.reset()
