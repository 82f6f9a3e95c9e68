"""``RoutingRegistry``: find any session of the deployment by id, whichever worker owns it.

A session of this worker is returned as it is (no bus hop). A session of another worker is
returned as a ``RemoteSession`` when its owner's heartbeat is current; when the owner is gone, or
when there is no shared bus (each worker alone), ``get`` answers None and ``refusal`` says why,
in words for the log and for the page:

    >>> registry = RoutingRegistry(resolve_bus("redis://redis:6379/0"))    # doctest: +SKIP
    >>> registry.get(session_id_from_the_browser)                         # doctest: +SKIP
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, ContextManager, Iterator, Optional

from ..protocol.frames import command
from ..session.ids import owner_of, short_id
from ..session.port import SessionPort
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


@dataclass(frozen=True)
class Refusal:
    """Why ``get`` found no session: ``kind`` is 'malformed', 'no-bus' or 'owner-gone'."""

    kind: str
    page_text: str

    def commands(self) -> list[dict[str, Any]]:
        """What the tab gets instead of a bare "closed": a toast saying why, then ``close_session``."""
        toast = {"content": self.page_text, "duration": 0, "position": "center", "color": "error",
                 "callback_id": None}
        return [command("toast", toast), command("close_session")]


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
        try:
            if not self.node.is_alive(owner):
                known = self.node.known_remote(session_id)
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
                logger.warning("session %s of worker %s: the bus is unreachable (%s); its requests wait for it",
                               short_id(session_id), owner, exc)
                return known
            logger.error("session %s of worker %s cannot be reached: %s", short_id(session_id), owner, exc)
            self._refuse(session_id, Refusal("owner-gone", OWNER_GONE_PAGE))
            return None
        return proxy

    def refusal(self, session_id: str) -> Optional[Refusal]:
        """Why the last ``get(session_id)`` answered None (for the message the tab shows), if known."""
        return self._refusals.pop(session_id, None)

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


def routing_registry(bus: Any = None, *, setting_name: str = "bus") -> RoutingRegistry:
    """The registry an entry point gives its endpoint: ``bus`` resolved by the usual rule
    (``bus=``, else ``$WEBIO_BUS``, else this process only), errors naming ``setting_name``.

        >>> registry = routing_registry(None)      # no WEBIO_BUS: this process only
    """
    from .config import resolve_bus

    return RoutingRegistry(resolve_bus(bus, setting_name=setting_name))
