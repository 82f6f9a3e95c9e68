"""The surface between transports and sessions: ``SessionPort``, ``SessionRegistry``, ``StartSession``.

Transports (webio.transport.http / .websocket) know a session only through these Protocols.
``Session`` (the engine, this process) implements ``SessionPort``; so can a proxy for a session
that lives in another worker process, and a router that finds it can implement ``SessionRegistry``.

Every member takes and returns plain data (str, int, float, bool, and the frozen dataclasses
``ClientMessage``/``Event``, ``Chunk``, ``Frame``, ``SessionInfo``, each a few JSON-able fields), so
each can be one request/reply over a message bus. The one local thing is a *listener*: a
no-argument function the transport registers to be told "look again" (a frame is ready, the app
went idle, the session closed). It must only schedule work, never do it, and may be called from
any thread. A remote proxy calls its listeners when the owner publishes a "changed" note for the
session; the properties below are then read again, so a proxy may answer them from the state the
owner sent with that note.

Time: a deadline is kept by the owner on its own clock; callers pass durations (``detach``).
"""
from __future__ import annotations

from typing import Callable, ContextManager, Iterator, Optional, Protocol, Union

from ..protocol.chunks import Chunk
from ..protocol.events import ClientMessage
from ..protocol.frames import Frame
from .closed_flag import ClosedFlag
from .info import SessionInfo
from .refusal import Refusal
from .state import Attachment, CloseReason

Listener = Callable[[], None]


class SessionPort(Protocol):
    """What a transport may ask of one session (see the module docstring for the rules)."""

    # ------------------------------------------------------------ who and where
    @property
    def id(self) -> str:
        """The unguessable session id the tab sends back (header or ``?session=``)."""

    @property
    def info(self) -> SessionInfo:
        """What the tab told us when it opened (language, address, user agent)."""

    @property
    def closed(self) -> Union[bool, ClosedFlag]:
        """Truthy once the session closed; final (the engine's flag is also callable, as PyWebIO's)."""

    @property
    def attachment(self) -> Attachment:
        """ATTACHED, DETACHED (waiting for the tab until a deadline) or CLOSED."""

    @property
    def is_idle(self) -> bool:
        """No app code runs (every task waits for the browser, or the app finished)."""

    # ------------------------------------------------------------ inbound
    def receive(self, message: ClientMessage) -> bool:
        """Apply the ack and deliver the event of one checked message; False for a repeat."""

    def add_chunk(self, chunk: Chunk) -> Optional[ClientMessage]:
        """Join one chunk of a large event; the whole message once complete, else None.

        Raises ``AssemblyTooLarge`` past ``max_payload_size`` and ``RemoteProtocolError`` for a
        chunk that does not fit the event being joined. The caller then ``receive``s the message.
        """

    # ------------------------------------------------------------ outbound
    @property
    def has_pending_output(self) -> bool:
        """Commands are queued that ``take_frame`` would seal."""

    @property
    def last_frame_seq(self) -> int:
        """The seq of the newest sealed frame (0: none yet)."""

    @property
    def last_event_seq(self) -> int:
        """The seq of the newest event received (what the next frame acknowledges)."""

    def take_frame(self) -> Optional[Frame]:
        """Seal the queued commands into the next numbered frame (None if nothing is queued)."""

    def replay(self, after_seq: int) -> list[Frame]:
        """The retained frames numbered above ``after_seq`` (what the tab has not acknowledged)."""

    def can_resume_from(self, after_seq: int) -> bool:
        """Whether every frame after ``after_seq`` is still retained (a resume can lose nothing)."""

    def ack_frame_text(self) -> str:
        """A frame with no commands acknowledging ``last_event_seq``."""

    def send(self, name: str, spec: object = None, task_id: Optional[str] = None) -> None:
        """Queue one command (the transport's own notices, e.g. a too-large toast).

        Raises ``SessionClosedException`` once closed.
        """

    # ------------------------------------------------------------ attachment and end
    def attach(self) -> None:
        """A connection serves the session now (new, resumed, or taking over from an older one).

        Drops a partly joined chunked event (the tab sends it again whole) and cancels the deadline.
        Raises ``IllegalTransition`` once closed.
        """

    def detach(self, grace_seconds: float) -> None:
        """A connection was lost: when no other one serves the tab (each ``attach`` is one more),
        wait ``grace_seconds`` for the tab to come back, then close.

        Some caller must later call ``close_if_abandoned`` (the WebSocket transport sets a timer).
        """

    def close_if_abandoned(self) -> bool:
        """Close the session if it is detached and its deadline has passed; True if it closed."""

    def close(self, reason: CloseReason = CloseReason.BROWSER_LEFT) -> None:
        """End the session (waiters raise ``SessionClosedException``, deferred calls run); idempotent."""

    # ------------------------------------------------------------ the one local thing
    def add_listener(self, listener: Listener) -> None:
        """Call ``listener()`` on every change from now on (and once now if output is ready)."""

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``; unknown listeners are ignored."""

    def on_close(self, hook: Callable[[SessionPort], None]) -> None:
        """Call ``hook(session)`` once when the session closes (registries drop it then)."""


# Start a new session of the app named in a request (``None`` picks the default app); None if
# there is no such app. The endpoint passes its transports one of these.
StartSession = Callable[[Optional[str], SessionInfo], Optional[SessionPort]]


class SessionRegistry(Protocol):
    """The sessions a server can reach by id (``LocalSessionRegistry``: this process's;
    ``webio.bus.RoutingRegistry``: every worker's, through a bus)."""

    def new_session_id(self) -> str:
        """An id for a new session of this worker (a routing registry names itself its owner)."""

    def add(self, session: SessionPort) -> None:
        """Make ``session`` reachable by its id until it closes."""

    def get(self, session_id: str) -> Optional[SessionPort]:
        """The open session with that id, or None."""

    def discard(self, session_id: str) -> None:
        """Forget the session (it closed)."""

    def touch(self, session_id: str, now: Optional[float] = None) -> None:
        """The session's tab was heard from now."""

    def serving(self, session_id: str) -> ContextManager[None]:
        """Hold the session off expiry while a request of its tab is open."""

    def expire(self, max_idle: float, now: Optional[float] = None) -> list[SessionPort]:
        """Close and return the sessions whose tab was not heard from for ``max_idle`` seconds."""

    def close_all(self) -> None:
        """Close every session (server shutdown: tabs see the end, deferred calls run)."""

    # ------------------------------------------------------------ what transports may ask besides
    def lookup_blocks(self, session_id: str) -> bool:
        """Whether ``get(session_id)`` may wait (on a bus): an event loop calls ``get`` off the loop then."""

    def refusal(self, session_id: str) -> Optional[Refusal]:
        """Why the last ``get(session_id)`` answered None, if known; forgets it (one answer per request)."""

    def peek_refusal(self, session_id: str) -> Optional[Refusal]:
        """``refusal(session_id)`` without forgetting it."""

    def ready(self) -> bool:
        """Whether new requests can be served now (False: ``?_webio=ready`` answers 503)."""

    def __iter__(self) -> Iterator[SessionPort]: ...

    def __len__(self) -> int: ...
