"""``RoutingRegistry``: find any session of the deployment by id, whichever worker owns it.

A session of this worker is returned as it is (no bus hop). A session of another worker is
returned as a ``RemoteSession`` when its owner's heartbeat is current; when the owner is gone, or
when there is no shared bus (each worker alone), ``get`` answers None and ``refusal`` says why,
in words for the log and for the page. While the bus is unreachable, a session of another worker
that this worker does not serve yet cannot be reached *for now*: ``refusal`` is then temporary
(kind 'unavailable'), and the transports ask the tab to try again (HTTP 503, WebSocket close 1013)
instead of ending it; one warning is logged per outage, not one per request:

    >>> registry = RoutingRegistry(resolve_bus("redis://redis:6379/0"))    # doctest: +SKIP
    >>> registry.get(session_id_from_the_browser)                         # doctest: +SKIP
"""
from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, ContextManager, Iterator, Optional

from ..session.ids import owner_of, short_id
from ..session.port import SessionPort, SessionRegistry
from ..session.refusal import Refusal
from ..session.registry import LocalSessionRegistry
from .base import Bus, BusError
from .memory import InProcessBus
from .node import DEFAULT_HEARTBEAT_TTL, WorkerNode, node_for
from .remote import OWNER_GONE_TEXT

logger = logging.getLogger("webio.bus")

# For the server log: what an administrator must do.
NO_BUS_LOG = ("a request came for session %s of worker %s, which is not this worker, and this server has no shared "
              "bus: with several worker processes (gunicorn -w N, uvicorn --workers N, several machines) set "
              "WEBIO_BUS=redis://host:6379/0 (or pass bus=..., or settings.WEBIO = {'bus': ...} in Django); "
              "or run one worker")
# For the page: what the user sees.
NO_BUS_PAGE = ("This page's session is not in this server process: the server restarted, or it runs several "
               "processes without a shared bus (see WEBIO_BUS). Reload the page to start again.")
OWNER_GONE_PAGE = OWNER_GONE_TEXT
MALFORMED_PAGE = "This page's session id is not valid. Reload the page to start again."
UNAVAILABLE_PAGE = "The server cannot reach this page's session right now; the page tries again by itself."
# While the bus stays unreachable, how often the log says so again (with how many requests waited).
OUTAGE_REMINDER_SECONDS = 60.0


class RoutingRegistry:
    """A ``SessionRegistry`` over every worker sharing ``bus`` (see the module docstring)."""

    def __init__(self, bus: Optional[Bus] = None, *, local: Optional[LocalSessionRegistry] = None,
                 worker_id: Optional[str] = None, heartbeat_ttl: float = DEFAULT_HEARTBEAT_TTL,
                 start: Optional[bool] = None) -> None:
        self.bus: Bus = bus if bus is not None else InProcessBus()
        self.local = local if local is not None else LocalSessionRegistry()
        self.shared = not isinstance(self.bus, InProcessBus)
        # A process-local bus costs nothing: its node starts only if asked (tests sharing one bus),
        # and an unstarted one is this registry's own (no process-wide list keeps it alive).
        if start if start is not None else self.shared:
            self.node = node_for(self.bus, self.local, worker_id=worker_id, heartbeat_ttl=heartbeat_ttl)
            self.node.start()
            self.shared = True
        else:
            self.node = WorkerNode(self.bus, self.local, worker_id=worker_id, heartbeat_ttl=heartbeat_ttl)
        self._refusals: dict[str, Refusal] = {}
        self._outage = _RoutingOutage()

    @property
    def worker_id(self) -> str:
        return self.node.worker_id

    def new_session_id(self) -> str:
        """An id for a new session of this worker (pass it to the session it creates)."""
        from ..session.ids import new_session_id

        return new_session_id(self.worker_id)

    # ----------------------------------------------------------------- finding sessions
    def get(self, session_id: str) -> Optional[SessionPort]:
        owner = owner_of(session_id)
        if owner is None:
            logger.warning("refused a malformed session id from a browser: %r", str(session_id)[:60])
            self._refuse(session_id, Refusal("malformed", MALFORMED_PAGE))
            return None
        if owner == self.worker_id:
            # A session that closed lately is still found: its last frames reach the tab (owner.py).
            return self.local.get(session_id) or (self.node.owner.ended(session_id) if self.shared else None)
        if not self.shared:
            logger.warning(NO_BUS_LOG, short_id(session_id), owner)
            self._refuse(session_id, Refusal("no-bus", NO_BUS_PAGE))
            return None
        known = self.node.known_remote(session_id)
        if known is None and not self.ready():  # no heartbeat taken lately: do not wait on the bus
            self._unavailable(session_id, owner, "no heartbeat was taken lately")
            return None
        try:
            if not self.node.is_alive(owner):
                if known is not None:  # a tab it served: the close frames tell it why
                    known.gone(OWNER_GONE_PAGE)
                    return known
                logger.warning("session %s: its worker %s stopped (no heartbeat); the tab is told",
                               short_id(session_id), owner)
                self._refuse(session_id, Refusal("owner-gone", OWNER_GONE_PAGE))
                return None
            proxy = self.node.remote(session_id, owner)
        except BusError as exc:
            known = self.node.known_remote(session_id)
            if known is not None and not known.closed:  # its requests wait in order until the bus is back
                self._outage.note(f"the bus is unreachable ({exc}): requests of sessions of other workers "
                                  "that this worker serves wait for it, in order")
                return known
            self._unavailable(session_id, owner, str(exc))
            return None
        self._outage.over()
        return proxy

    def _unavailable(self, session_id: str, owner: str, why: str) -> None:
        """The bus cannot reach ``owner`` now: the tab is asked to try again (its session is kept)."""
        self._outage.note(f"cannot reach the worker owning a session ({why}): the bus is unreachable; "
                          "tabs of other workers' sessions are asked to try again until it is back "
                          f"(first: session {short_id(session_id)} of worker {owner})")
        self._refuse(session_id, Refusal("unavailable", UNAVAILABLE_PAGE, temporary=True))

    def lookup_blocks(self, session_id: str) -> bool:
        """Whether ``get(session_id)`` may wait on the bus (another worker's session this worker
        does not follow yet): an event loop should call ``get`` off the loop then."""
        if not self.shared:
            return False
        owner = owner_of(session_id)
        return owner is not None and owner != self.worker_id and self.node.known_remote(session_id) is None

    def peek_refusal(self, session_id: str) -> Optional[Refusal]:
        """``refusal(session_id)`` without forgetting it."""
        return self._refusals.get(str(session_id)[:200])

    def refusal(self, session_id: str) -> Optional[Refusal]:
        """Why the last ``get(session_id)`` answered None (for the message the tab shows), if known."""
        return self._refusals.pop(str(session_id)[:200], None)

    def _refuse(self, session_id: str, refusal: Refusal) -> None:
        if len(self._refusals) > 1000:
            self._refusals.clear()
        self._refusals[str(session_id)[:200]] = refusal

    def ready(self) -> bool:
        """False while the shared bus has not taken this worker's heartbeat for ``heartbeat_ttl``
        seconds (unreachable or hanging): ``?_webio=ready`` answers 503 then. Never asks the bus itself."""
        if not self.shared:
            return True
        return time.monotonic() - self.node.last_beat < self.node.heartbeat_ttl

    # ----------------------------------------------------------------- the rest: this worker's sessions
    def add(self, session: SessionPort) -> None:
        if self.shared:  # before the registry's own hook forgets it: no moment where it is nowhere
            session.on_close(lambda closed: self.node.owner.keep_ended(closed))
        self.local.add(session)

    def discard(self, session_id: str) -> None:
        self.local.discard(session_id)

    def touch(self, session_id: str, now: Optional[float] = None) -> None:
        self.local.touch(session_id, now)

    def serving(self, session_id: str) -> ContextManager[None]:
        return self.local.serving(session_id)

    def expire(self, max_idle: float, now: Optional[float] = None) -> list[SessionPort]:
        return self.local.expire(max_idle, now)

    def close_all(self) -> None:
        self.local.close_all()

    def close(self) -> None:
        """Close this worker's sessions and leave the bus (server shutdown)."""
        self.local.close_all()
        self.node.release(self.local)

    def __iter__(self) -> Iterator[SessionPort]:
        return iter(self.local)

    def __len__(self) -> int:
        return len(self.local)


class _RoutingOutage:
    """One warning when requests start waiting for an unreachable bus, a reminder every
    ``OUTAGE_REMINDER_SECONDS`` with how many there were, and one line when routing works again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: Optional[float] = None
        self._said = 0.0
        self._count = 0

    def note(self, text: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._count += 1
            if self.since is None:
                self.since = self._said = now
                logger.warning(text)
            elif now - self._said >= OUTAGE_REMINDER_SECONDS:
                self._said = now
                logger.warning("the bus is still unreachable after %.0f s: %d request(s) for other workers' "
                               "sessions asked to wait or try again so far", now - self.since, self._count)

    def over(self) -> None:
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            logger.warning("requests for other workers' sessions are routed through the bus again "
                           "(%d waited or were asked to try again during %.0f s)", self._count,
                           time.monotonic() - self.since)
            self.since, self._count = None, 0


if TYPE_CHECKING:
    def _implements_session_registry(registry: RoutingRegistry) -> SessionRegistry:
        return registry  # mypy checks that RoutingRegistry has every member of SessionRegistry


def routing_registry(bus: Any = None, *, setting_name: str = "bus") -> RoutingRegistry:
    """The registry an entry point gives its endpoint: ``bus`` resolved by the usual rule
    (``bus=``, else ``$WEBIO_BUS``, else this process only), errors naming ``setting_name``.

        >>> registry = routing_registry(None)      # no WEBIO_BUS: this process only
    """
    from .config import resolve_bus

    return RoutingRegistry(resolve_bus(bus, setting_name=setting_name))
