"""``RemoteSession``: a session of another worker, served from this one through the bus.

It implements ``SessionPort``. Requests (events, acks, attach, close...) go to the owner's inbox in
the order they are made; the owner publishes the session's frames and state to its outbox and
says ``changed``; the proxy then reads the outbox from where it stopped, keeps the frames the tab
has not acknowledged, and calls its listeners. Properties are answered from that copy. Until the
owner has applied a request, the proxy does not call the session idle, so a transport waiting for
the app's reaction to an event never answers early.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol.chunks import AssemblyTooLarge, Chunk
from ..protocol.events import ClientMessage, Event, check_event_seqs
from ..protocol.frames import Frame, command, encode_ack_frame, encode_frame
from ..session.info import SessionInfo
from ..session.listeners import SessionListeners
from ..session.ids import short_id
from ..session.state import Attachment, CloseReason, IllegalTransition
from . import wire
from .base import START, BusError, Position, check_position

if TYPE_CHECKING:
    from ..session.port import SessionPort
    from .node import WorkerNode

logger = logging.getLogger("webio.bus")

Listener = Callable[[], None]
REQUEST_TIMEOUT = 5.0
OWNER_CHECK_SECONDS = 0.5  # while waiting for an owner's answer, how often to check it is alive
# What a tab shows when the worker that ran its session is gone.
OWNER_GONE_TEXT = "The server process running this page stopped. Reload the page to start again."


def _inline_entries(note: dict[str, Any], position: Position) -> Optional[list[tuple[Position, dict[str, Any]]]]:
    """The entries a ``changed`` note carries, if they follow ``position`` exactly; else None."""
    raw = note.get("entries")
    if raw is None or "after" not in note:
        return None
    try:
        if check_position(note["after"]) != position or not isinstance(raw, list):
            return None
        entries = []
        for item in raw:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict)):
                raise BusError("malformed entry in a changed note")
            entries.append((check_position(item[0]), item[1]))
        return entries
    except BusError as exc:
        logger.warning("dropped the entries of a changed note: %s", exc)
        return None


class RemoteSession(SessionListeners):
    """A proxy for the session ``session_id`` owned by worker ``owner`` (see the module docstring)."""

    def __init__(self, node: WorkerNode, session_id: str, owner: str) -> None:
        self._node = node
        self.id = session_id
        self.owner = owner
        self.info = SessionInfo()
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._frames: dict[int, Frame] = {}
        self._position: Position = START
        self._state: Optional[wire.State] = None
        self._outstanding: set[str] = set()
        self._taken = 0
        self._closed = False
        self._listeners: list[Listener] = []
        self._close_hooks: list[Callable[[Any], None]] = []
        self._assembled: dict[int, tuple[ClientMessage, str]] = {}

    # ----------------------------------------------------------------- opening
    def watch(self, timeout: float = REQUEST_TIMEOUT) -> bool:
        """Ask the owner to publish the session and wait for its state; False if no answer came."""
        rid = self._request("watch", {})
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                answered = self._changed.wait_for(lambda: rid not in self._outstanding or self._closed,
                                                  min(OWNER_CHECK_SECONDS, max(0.0, deadline - time.monotonic())))
                if answered or time.monotonic() >= deadline:
                    # Frames published before this proxy existed were sealed for someone else: replay only.
                    self._taken = self.last_frame_seq
                    return answered
            if not self._owner_alive():  # killed just now (its heartbeat only just expired): say so
                self.gone(OWNER_GONE_TEXT)

    def _owner_alive(self) -> bool:
        try:
            return self._node.bus.is_alive(self.owner)
        except BusError:  # the bus is down, not necessarily the owner
            return True

    # ----------------------------------------------------------------- from the owner
    def refresh(self, note: Optional[dict[str, Any]] = None) -> None:
        """Take the entries of a ``changed`` note, or read the outbox from where this proxy stopped
        (when the note has none, or this proxy missed some before them); call the listeners."""
        with self._lock:
            after = self._position
        entries = _inline_entries(note, after) if note is not None else None
        if entries is None:
            try:
                entries = self._node.bus.read(self.id, after)
            except BusError as exc:
                logger.warning("session %s: cannot read its outbox: %s", short_id(self.id), exc)
                return
        if not entries:
            return
        closed_now = False
        with self._changed:
            for position, entry in entries:
                if position <= self._position:
                    continue
                try:
                    self._apply(position, entry)
                except BusError as exc:  # not the owner's: read past it, but do not count it as read
                    logger.warning("session %s: dropped an outbox entry: %s", short_id(self.id), exc)
                    continue
                self._position = position
            if self._state is not None and self._state.closed and not self._closed:
                self._closed = closed_now = True
            self._changed.notify_all()
        self._notify()
        if closed_now:
            self._run_close_hooks()

    def _apply(self, position: Position, entry: dict[str, Any]) -> None:
        """Take one outbox entry, checked as the owner writes them (see ``wire.check_entry_at``)."""
        kind = wire.check_entry_at(position, entry, self.last_frame_seq if self._state is not None else None)
        if kind == "f":
            seq, text = wire.frame_of(entry)
            self._frames[seq] = Frame(seq, text)
        else:
            state = wire.State(entry)
            self._state = state
            self._outstanding.difference_update(state.done)
            if state.info is not None:
                fields: dict[str, Any] = dict(state.info)
                self.info = SessionInfo(**fields)

    def gone(self, text: Optional[str] = None) -> None:
        """The owner says there is no such session, or it died: close this proxy for the tab."""
        with self._changed:
            if self._closed:
                return
            self._closed = True
            commands: list[dict[str, Any]] = []
            if text:
                commands.append(command("toast", {"content": text, "duration": 0, "position": "center",
                                                  "color": "error", "callback_id": None}))
            commands.append(command("close_session"))
            seq = self.last_frame_seq + 1
            self._frames[seq] = Frame(seq, encode_frame(seq, commands))
            self._outstanding.clear()
            self._changed.notify_all()
        self._notify()
        self._run_close_hooks()

    # ----------------------------------------------------------------- requests to the owner
    def _request(self, op: str, fields: dict[str, Any]) -> str:
        rid = wire.new_rid()
        with self._lock:
            self._outstanding.add(rid)
        self._node.post(self.owner, {"op": op, "sid": self.id, "from": self._node.worker_id, "rid": rid, **fields})
        return rid

    # ----------------------------------------------------------------- SessionPort: state
    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def heard_from_owner(self) -> bool:
        """Whether the owner ever published this session's state (False: it said there is no such session)."""
        return self._state is not None

    @property
    def attachment(self) -> Attachment:
        if self._closed:
            return Attachment.CLOSED
        return self._state.attachment if self._state is not None else Attachment.ATTACHED

    @property
    def is_idle(self) -> bool:
        with self._lock:
            if self._closed:
                return True
            return self._state is not None and self._state.idle and not self._outstanding

    # ----------------------------------------------------------------- SessionPort: inbound
    def receive(self, message: ClientMessage) -> bool:
        with self._lock:
            if message.ack is not None:
                for seq in [seq for seq in self._frames if seq <= message.ack]:
                    del self._frames[seq]
            marked = self._assembled.pop(id(message), None)
            if message.seq is not None and self._state is not None and message.seq <= self._state.last_event_seq:
                return False
            check_event_seqs(self.last_event_seq, [message.seq])  # as Session.receive: far ahead is refused here
        if marked is not None and marked[0] is message:
            self._request("receive_assembled", {"of": marked[1]})
        elif message.event is None and message.seq is None:  # a bare ack: nothing waits for it
            self._node.post(self.owner, {"op": "receive", "sid": self.id, "from": self._node.worker_id,
                                         "msg": wire.client_message_json(message)}, hold=True)
        else:
            self._request("receive", {"msg": wire.client_message_json(message)})
        return True

    def add_chunk(self, chunk: Chunk) -> Optional[ClientMessage]:
        """Blocking: the owner joins the chunk and answers (up to ``REQUEST_TIMEOUT``, else BusError)."""
        fields: dict[str, Any] = {"seq": chunk.seq, "index": chunk.index, "count": chunk.count, "data": chunk.data}
        if chunk.size is not None:  # what a first chunk declares, so the owner can refuse the event early
            fields["size"] = chunk.size
        if chunk.task_id is not None:
            fields["task_id"] = chunk.task_id
        if chunk.files is not None:
            fields["files"] = {name: list(sizes) for name, sizes in chunk.files}
        reply = self._node.request(self.owner, {
            "op": "chunk", "sid": self.id, "from": self._node.worker_id, "chunk": fields,
        }, REQUEST_TIMEOUT)
        error = reply.get("error")
        if error == "too_large":
            size = reply.get("size")
            refused = AssemblyTooLarge(chunk.seq, size if isinstance(size, int) else 0, 0)
            refused.args = (str(reply.get("text") or "event too large"),)
            raise refused
        if error is not None:
            raise RemoteProtocolError(str(reply.get("text") or error))
        header = reply.get("message")
        if header is None:
            return None
        if not isinstance(header, dict):
            raise BusError("malformed reply to a chunk")
        event = Event(str(header.get("event") or ""), str(header.get("task_id") or ""), None) if "event" in header else None
        seq, ack = header.get("seq"), header.get("ack")
        message = ClientMessage(event=event, seq=seq if isinstance(seq, int) else None,
                                ack=ack if isinstance(ack, int) else None)
        with self._lock:
            self._assembled[id(message)] = (message, str(reply.get("rid")))
        return message

    # ----------------------------------------------------------------- SessionPort: outbound
    @property
    def has_pending_output(self) -> bool:
        with self._lock:
            return any(seq > self._taken for seq in self._frames)

    @property
    def last_frame_seq(self) -> int:
        with self._lock:
            published = self._state.last_frame_seq if self._state is not None else 0
            return max([published, *self._frames])

    @property
    def last_event_seq(self) -> int:
        with self._lock:
            return self._state.last_event_seq if self._state is not None else 0

    def take_frame(self) -> Optional[Frame]:
        """The next frame the owner sealed that this proxy has not handed out yet."""
        with self._lock:
            later = [seq for seq in self._frames if seq > self._taken]
            if not later:
                return None
            self._taken = min(later)
            return self._frames[self._taken]

    def replay(self, after_seq: int) -> list[Frame]:
        with self._lock:
            return [self._frames[seq] for seq in sorted(self._frames) if seq > after_seq]

    def can_resume_from(self, after_seq: int) -> bool:
        with self._lock:
            if after_seq >= self.last_frame_seq:
                return True
            return bool(self._frames) and min(self._frames) <= after_seq + 1

    def ack_frame_text(self) -> str:
        return encode_ack_frame(self.last_event_seq)

    def send(self, name: str, spec: Any = None, task_id: Optional[str] = None) -> None:
        if self._closed:
            raise SessionClosedException("the session is closed; nothing more can be shown")
        self._node.post(self.owner, {"op": "send", "sid": self.id, "from": self._node.worker_id,
                                     "name": name, "spec": spec})

    # ----------------------------------------------------------------- SessionPort: attachment and end
    def attach(self) -> None:
        if self._closed:
            raise IllegalTransition(Attachment.CLOSED, Attachment.ATTACHED, [Attachment.ATTACHED, Attachment.DETACHED])
        self._request("attach", {})

    def detach(self, grace_seconds: float) -> None:
        if not self._closed:
            self._request("detach", {"grace": float(grace_seconds)})

    def close_if_abandoned(self) -> bool:
        if self._closed:
            return False
        reply = self._node.request(self.owner, {"op": "close_if_abandoned", "sid": self.id,
                                                "from": self._node.worker_id}, REQUEST_TIMEOUT)
        return reply.get("result") is True

    def close(self, reason: CloseReason = CloseReason.BROWSER_LEFT) -> None:
        if not self._closed:
            self._request("close", {"reason": reason.value})

    # ----------------------------------------------------------------- SessionPort: listeners
    _logger = logger  # where a failing close hook is logged

    def _has_news(self) -> bool:
        return self._closed or any(seq > self._taken for seq in self._frames)

    def on_close(self, hook: Callable[[Any], None]) -> None:
        with self._lock:
            if not self._closed:
                self._close_hooks.append(hook)
                return
        hook(self)

    def _notify(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener()
            except Exception:
                logger.exception("session %s: transport listener failed", short_id(self.id))

    def __repr__(self) -> str:
        return f"<RemoteSession {short_id(self.id)}… owner={self.owner} {'closed' if self._closed else 'open'}>"


if TYPE_CHECKING:
    def _implements_session_port(proxy: RemoteSession) -> SessionPort:
        return proxy  # mypy checks that RemoteSession has every member of SessionPort
