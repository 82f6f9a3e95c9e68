"""What a transport and a registry hear from a session: listeners woken on each change, and hooks
run once when it closes. Shared by the local ``Session`` and the bus's ``RemoteSession``.

Example: ``class Session(SessionListeners): def _has_news(self) -> bool: ...``.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from .ids import short_id

Listener = Callable[[], None]


class SessionListeners:
    """``add_listener``/``remove_listener`` of ``SessionPort`` and the running of close hooks; the
    class provides ``id``, ``_lock`` (an RLock), ``_listeners``, ``_close_hooks``, ``_logger`` and
    ``_has_news`` (True when a new listener must be called at once)."""

    id: str
    _lock: Any
    _listeners: list[Listener]
    _close_hooks: list[Callable[[Any], None]]
    _logger: logging.Logger

    def _has_news(self) -> bool:
        raise NotImplementedError

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener()`` on every change from now on (and once now if there is news)."""
        with self._lock:
            self._listeners.append(listener)
            ready = self._has_news()
        if ready:
            listener()

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``; an unknown one is ignored."""
        with self._lock:
            try:
                self._listeners.remove(listener)
            except ValueError:
                pass

    def _run_close_hooks(self) -> None:
        """Run each close hook once (a failing one is logged, the others still run)."""
        with self._lock:
            hooks, self._close_hooks = self._close_hooks, []
        for hook in hooks:
            try:
                hook(self)
            except Exception:
                self._logger.exception("session %s: close hook failed", short_id(self.id))
