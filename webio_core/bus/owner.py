"""The owner's side of routing: apply other workers' requests to the sessions of this worker, and
publish each watched session's frames and state to its outbox.

Every request is checked like browser input (webio.bus.wire) and refused with a log line when
malformed; the session and the worker go on. A session is *watched* once a viewer asked for it:
from then on each change (a listener call) marks it dirty, and the publisher thread of the node
calls ``flush``: seal the queued commands, append the new frames and a state note to the outbox,
and tell every watcher ``changed`` (small changes inline), all in one bus round trip. One input
round trip through another worker costs one flush: the note saying an event was applied waits
for the app's reaction to it (see ``flush``).
"""
from __future__ import annotations

import heapq
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Protocol

from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol.chunks import AssemblyTooLarge, decode_chunk
from ..protocol.events import ClientMessage
from ..rejections import log_rejected
from ..session.ids import short_id
from ..session.port import SessionPort
from ..session.state import IllegalTransition
from . import wire
from .base import Bus, BusError, Position

logger = logging.getLogger("webio.bus")
INLINE_BYTES = 32 * 1024
# How long a change nobody waits for may be held back (see ``OwnerService.flush``) at least; the
# publisher sends it at its next wake after that (within a second).
HOLD_SECONDS = 0.1
# How long new output of an app still reacting to an event may wait for the rest of its reaction
# (``destroy_form``, then the next output and form, go out in one publish, not two).
OUTPUT_HOLD_SECONDS = 0.005
# How long the owner keeps a closed session readable: its last frames and closed state must reach the
# tab through whichever worker its next request lands on. Released earlier once the tab acknowledged them.
ENDED_KEEP_SECONDS = 30.0
MAX_ENDED = 10_000


class LocalSessions(Protocol):
    """What the owner needs of its registry."""

    def get(self, session_id: str) -> Optional[SessionPort]: ...

    def touch(self, session_id: str, now: Optional[float] = None) -> None: ...


def info_dict(session: SessionPort) -> dict[str, str]:
    info = session.info
    return {name: str(getattr(info, name, "") or "") for name in wire.INFO_FIELDS}


@dataclass
class Watched:
    """A session of this worker that other workers serve requests for."""

    session: SessionPort
    listener: Callable[[], None]
    watchers: set[str] = field(default_factory=set)
    published_seq: int = 0
    position: Position = (0, 0)
    acked: int = 0
    trimmed_to: int = 0
    done: list[str] = field(default_factory=list)
    send_info: bool = True
    last_state: Optional[tuple[Any, ...]] = None
    assembled: dict[str, ClientMessage] = field(default_factory=dict)
    uncertain: bool = False  # the last publish failed: the next flush writes the outbox again
    attempted: Position = (0, 0)  # the highest position a failed publish tried to write
    urgent: bool = False  # a request other than an event waits for the next state note
    lock: threading.Lock = field(default_factory=threading.Lock)


def _changed_note(sid: str, before: Position, entries: list[tuple[Position, dict[str, Any]]]) -> dict[str, Any]:
    """The note telling a watcher that ``entries`` follow ``before`` in the outbox of ``sid``."""
    changed: dict[str, Any] = {"op": "changed", "sid": sid}
    if sum(len(str(entry.get("text", ""))) for _, entry in entries) <= INLINE_BYTES:
        # Small changes travel with the note: a watcher that saw everything before them
        # needs no read of the outbox.
        changed.update(after=list(before), entries=[[list(pos), entry] for pos, entry in entries])
    return changed


class OwnerService:
    """Requests in, outboxes out, for the sessions this worker owns."""

    def __init__(self, bus: Bus, worker_id: str, sessions: LocalSessions,
                 mark_dirty: Callable[[str], None]) -> None:
        self.bus = bus
        self.worker_id = worker_id
        self.sessions = sessions
        self.mark_dirty = mark_dirty
        self._watched: dict[str, Watched] = {}
        # Sessions of this worker that closed lately, with when to forget them (oldest first).
        self._ended: dict[str, tuple[SessionPort, float]] = {}
        self.ended_keep = ENDED_KEEP_SECONDS
        # Sessions with a change held back (see ``flush``), and from when to send it anyway; the
        # heap has the same deadlines in order (an entry no longer in ``_held`` is stale).
        self._held: dict[str, float] = {}
        self._held_order: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- requests
    def handle(self, message: dict[str, Any]) -> None:
        """Apply one request from another worker; a malformed one is logged and dropped."""
        op = message.get("op")
        try:
            sid = wire.session_id_of(message)
            sender = wire.sender_of(message)
            getattr(self, f"_op_{op}")(sid, sender, message)
        except BusError as exc:
            logger.warning("refused a %r request from the bus: %s", op, exc)
        except Exception:
            logger.exception("a %r request from the bus failed", op)

    # ----------------------------------------------------------------- closed sessions, kept a while
    def keep_ended(self, session: SessionPort) -> None:
        """``session`` closed: keep it readable for ``ended_keep`` seconds (a close hook, run before
        the registry forgets it), so its final frames reach the tab through any worker."""
        now = time.monotonic()
        with self._lock:
            self._ended.pop(session.id, None)
            self._ended[session.id] = (session, now + self.ended_keep)
            overflow = [sid for sid in list(self._ended)[:max(0, len(self._ended) - MAX_ENDED)]]
        for sid in overflow:
            self.release_ended(sid)
        self.purge_ended(now)

    def ended(self, sid: str) -> Optional[SessionPort]:
        """The closed session ``sid`` while it is kept (``keep_ended``), else None."""
        with self._lock:
            kept = self._ended.get(sid)
        if kept is None:
            return None
        if kept[1] <= time.monotonic():
            self.release_ended(sid)
            return None
        return kept[0]

    def release_ended(self, sid: str) -> None:
        """Forget the closed session ``sid`` and its watch record (its outbox expires on the bus)."""
        with self._lock:
            self._ended.pop(sid, None)
            watched = self._watched.get(sid)
            if watched is not None and watched.session.closed:
                del self._watched[sid]
            else:
                watched = None
        if watched is not None:
            watched.session.remove_listener(watched.listener)

    def purge_ended(self, now: Optional[float] = None) -> None:
        """Forget the closed sessions kept past their time."""
        now = time.monotonic() if now is None else now
        with self._lock:
            expired = []
            for sid, (_session, until) in self._ended.items():
                if until > now:
                    break  # kept in order of closing, each for the same time
                expired.append(sid)
        for sid in expired:
            self.release_ended(sid)

    @property
    def ended_count(self) -> int:
        return len(self._ended)

    def _session(self, sid: str, sender: str) -> Optional[SessionPort]:
        if sid.partition(".")[0] != self.worker_id:
            raise BusError(f"session {short_id(sid)} is not owned by this worker")
        session = self.sessions.get(sid) or self.ended(sid)
        if session is None:  # closed long ago, or an id made up from this worker's id: the same answer
            log_rejected(logger, "unknown session", "worker %s asked for session %s, which this worker does not "
                         "have (it closed, or its id was made up); told it is gone", sender, short_id(sid),
                         level=logging.INFO)
            self.bus.send(sender, {"op": "gone", "sid": sid})
        return session

    def _watch(self, sid: str, sender: str) -> Optional[Watched]:
        """The watch record of ``sid``, made (and ``sender`` added as a watcher) if needed."""
        session = self._session(sid, sender)
        if session is None:
            return None
        with self._lock:
            watched = self._watched.get(sid)
            if watched is None:
                watched = self._watched[sid] = Watched(session, lambda: self.mark_dirty(sid))
                watched.published_seq = 0
                add = True
            else:
                add = False
            watched.watchers.add(sender)
        if add:
            session.add_listener(watched.listener)
            session.on_close(lambda _s: self.mark_dirty(sid))
        self.sessions.touch(sid)
        return watched

    def _done(self, watched: Watched, sid: str, message: dict[str, Any], *, urgent: bool = True) -> None:
        """Say in the next state note that the request ``message`` was applied. Not ``urgent`` (an
        event): the note may wait for the app's reaction (see ``flush``)."""
        rid = wire.rid_of(message)
        with watched.lock:
            watched.done.append(rid)
            watched.urgent = watched.urgent or urgent
        self._changed(watched, sid, urgent)

    def _changed(self, watched: Watched, sid: str, urgent: bool = True) -> None:
        """Have the publisher flush ``sid``; not ``urgent`` and the app busy (it calls the listener
        once it has reacted): only hold the change, with no wake-up of the publisher."""
        if urgent or watched.session.is_idle:
            self.mark_dirty(sid)
        else:
            self._hold(sid)

    def _hold(self, sid: str, until: Optional[float] = None) -> None:
        """Hold back a change of ``sid`` until ``HOLD_SECONDS`` from now at most (or ``until``)."""
        deadline = time.monotonic() + HOLD_SECONDS if until is None else until
        with self._lock:
            current = self._held.get(sid)
            if current is None or deadline < current:
                self._held[sid] = deadline
                heapq.heappush(self._held_order, (deadline, sid))

    def held(self, now: float) -> tuple[list[str], Optional[float]]:
        """The sessions whose held change is due at ``now``, and when the next one is (see ``flush``)."""
        due: list[str] = []
        with self._lock:
            order = self._held_order
            while order:
                until, sid = order[0]
                if self._held.get(sid) != until:  # flushed, or held again until an earlier time
                    heapq.heappop(order)
                elif until <= now:
                    heapq.heappop(order)
                    due.append(sid)
                else:
                    return due, until
            return due, None

    def _op_watch(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        watched = self._watch(sid, sender)
        if watched is not None:
            with watched.lock:
                watched.send_info = True
            self._done(watched, sid, message)

    def _op_unwatch(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        with self._lock:
            watched = self._watched.get(sid)
            if watched is None:
                return
            watched.watchers.discard(sender)
            if watched.watchers:
                return
            del self._watched[sid]
        watched.session.remove_listener(watched.listener)

    def _receive(self, watched: Watched, message: ClientMessage) -> None:
        if message.ack is not None:
            with watched.lock:
                watched.acked = max(watched.acked, message.ack)
        try:
            watched.session.receive(message)
        except RemoteProtocolError as exc:  # as from a browser (e.g. a seq far ahead): refused, the request is done
            log_rejected(logger, "bus event", "session %s: refused an event from the bus: %s", short_id(watched.session.id), exc)
        session = watched.session
        published_closed = watched.last_state is not None and watched.last_state[0]
        if published_closed and watched.acked >= session.last_frame_seq:
            self.release_ended(session.id)  # the tab has every frame, and the closed state went out

    def _op_receive(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        client_message = wire.client_message_of(message)
        watched = self._watch(sid, sender)
        if watched is not None:
            self._receive(watched, client_message)
            if "rid" in message or client_message.event is not None:  # a bare ack waits for nothing
                self._done(watched, sid, message, urgent=False)
            elif watched.acked > watched.trimmed_to:
                self._hold(sid)  # the outbox is trimmed by the next flush, or once the hold is due

    def _op_chunk(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        rid = wire.rid_of(message)
        watched = self._watch(sid, sender)
        if watched is None:
            return
        reply: dict[str, Any] = {"op": "reply", "rid": rid}
        try:
            assembled = watched.session.add_chunk(decode_chunk(message.get("chunk")))
        except AssemblyTooLarge as exc:
            reply.update(error="too_large", size=exc.size, text=str(exc))
        except RemoteProtocolError as exc:
            reply.update(error="protocol", text=str(exc))
        else:
            if assembled is None:
                reply["message"] = None
            else:
                with watched.lock:
                    watched.assembled[rid] = assembled
                header = wire.client_message_json(assembled)
                header.pop("data", None)
                reply["message"] = header
        self.bus.send(sender, reply)

    def _op_receive_assembled(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        of = message.get("of")
        watched = self._watch(sid, sender)
        if watched is None or not isinstance(of, str):
            return
        with watched.lock:
            assembled = watched.assembled.pop(of, None)
        if assembled is None:
            raise BusError(f"no assembled event {of!r:.40} for session {short_id(sid)}")
        self._receive(watched, assembled)
        self._done(watched, sid, message, urgent=False)

    def _op_send(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        name = message.get("name")
        spec = message.get("spec")
        if name not in wire.TRANSPORT_COMMANDS or not isinstance(spec, dict):
            raise BusError(f"a transport may only send {sorted(wire.TRANSPORT_COMMANDS)} with an object spec")
        session = self._session(sid, sender)
        if session is not None:
            try:
                session.send(str(name), spec)
            except SessionClosedException:
                pass

    def _op_attach(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        watched = self._watch(sid, sender)
        if watched is not None:
            try:
                watched.session.attach()
            except IllegalTransition as exc:
                logger.info("session %s: attach from worker %s refused: %s", short_id(sid), sender, exc)
            self._done(watched, sid, message)

    def _op_detach(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        grace = wire.grace_of(message)
        watched = self._watch(sid, sender)
        if watched is not None:
            watched.session.detach(grace)
            self._done(watched, sid, message)

    def _op_close(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        reason = wire.reason_of(message)
        watched = self._watch(sid, sender)
        if watched is not None:
            watched.session.close(reason)
            self._done(watched, sid, message)

    def _op_close_if_abandoned(self, sid: str, sender: str, message: dict[str, Any]) -> None:
        rid = wire.rid_of(message)
        session = self._session(sid, sender)
        result = True if session is None or session.closed else session.close_if_abandoned()
        self.bus.send(sender, {"op": "reply", "rid": rid, "result": result})

    # ----------------------------------------------------------------- publishing
    def flush(self, sid: str, *, force: bool = False) -> None:
        """Publish what changed in a watched session since the last flush; tell its watchers.

        A change that can wait is held back (``held`` says when to flush it anyway, with ``force``):
        while the app reacts to an event (not idle, no new frame), only the event's seq and its
        request id are new, and the viewer's tab waits for the reaction anyway; the output, or the
        app going idle, publishes them in the same round trip. The same for a trim, and for new
        output while the app still reacts (for ``OUTPUT_HOLD_SECONDS`` at most): one event, one publish."""
        with self._lock:
            watched = self._watched.get(sid)
            if watched is None:
                self._held.pop(sid, None)
        if watched is None:
            return
        session = watched.session
        with watched.lock:
            # What is held back now goes out with this flush (or is held again, until the same time);
            # a change made after this point (under watched.lock) holds on its own.
            with self._lock:
                held_until = self._held.pop(sid, None)
            if not force and self._reacting(watched) and (session.has_pending_output
                                                          or session.last_frame_seq > watched.published_seq):
                # New output while the app still reacts (its first command, often ``destroy_form``,
                # woke the publisher): the rest of the reaction follows within moments and goes
                # out with it, in one publish (the app going idle flushes it; the publisher sends
                # it anyway once the hold is due).
                deadline = time.monotonic() + OUTPUT_HOLD_SECONDS
                self._hold(sid, deadline if held_until is None else min(deadline, held_until))
                return
            session.take_frame()
            entries: list[tuple[Position, dict[str, Any]]] = []
            position, published_seq = watched.position, watched.published_seq
            if watched.uncertain:
                position, published_seq = self._rewrite(watched, sid)
            before = position  # the entries of this flush follow it
            for frame in session.replay(published_seq):
                position = max(position, (frame.seq, 0))
                entries.append(((frame.seq, 0), {"k": "f", "seq": frame.seq, "text": frame.text}))
                published_seq = frame.seq
            closed = bool(session.closed)
            idle = session.is_idle
            state = (closed, session.attachment, idle, session.last_event_seq, session.last_frame_seq)
            done = list(watched.done)
            if state != watched.last_state or done or watched.send_info:
                note = wire.state_note(closed=closed, attachment=state[1], idle=idle, last_event_seq=state[3],
                                       last_frame_seq=state[4], done=done,
                                       info=info_dict(session) if watched.send_info else None)
                position = (position[0], position[1] + 1)
                entries.append((position, note))
            trim = min((watched.acked + 1, 0), position) if watched.acked > watched.trimmed_to else None
            if (entries or trim is not None) and not force and self._can_hold(watched, entries, state):
                self._hold(sid, held_until)
                return
            changed = _changed_note(sid, before, entries) if entries and watched.watchers else {}
            notify = [(worker, changed) for worker in watched.watchers] if changed else []
            if entries or trim is not None:
                # One round trip for the entries, the trim and the watchers' notes; if it fails, the
                # next flush writes the outbox again (``_rewrite``).
                try:
                    self.bus.publish_many(sid, entries, trim, notify)
                except BusError:
                    watched.uncertain = True
                    watched.attempted = max(watched.attempted, position)
                    raise
            watched.position, watched.published_seq = position, published_seq
            if entries:
                watched.last_state, watched.send_info, watched.urgent = state, False, False
                del watched.done[:len(done)]
            if trim is not None:
                watched.trimmed_to = watched.acked
        if closed:  # the record stays while the session is kept (positions go on if a worker asks again)
            with self._lock:
                kept = sid in self._ended
            if not kept:
                self.keep_ended(session)

    def _rewrite(self, watched: Watched, sid: str) -> tuple[Position, int]:
        """After a failed publish (the bus was down, or entries this worker did not write sit in the
        outbox above its own, so Redis refuses every later position): clear the outbox and publish
        again every frame the tab has not acknowledged, then a state note above any position tried
        before (viewers skip what they have; an entry a viewer refused never moved it on).
        Returns where the entries of this flush start and the frame seq to publish after."""
        try:
            stored = self.bus.read(sid, watched.position)
            foreign = any(position > watched.attempted for position, _ in stored)
        except BusError:  # down (then ``drop`` fails too, and the next flush tries again), or not an outbox
            foreign = True
        self.bus.drop(sid)
        if foreign:
            logger.warning("session %s: its outbox holds entries this worker did not write, or cannot be read; "
                           "it is written again", short_id(sid))
        watched.uncertain = False
        watched.send_info = True  # a full state note follows the frames
        return max(watched.position, watched.attempted), min(watched.published_seq, watched.acked)

    @staticmethod
    def _reacting(watched: Watched) -> bool:
        """Whether the app is busy with nothing else a viewer waits for: no change of attachment
        or closing, no request other than an event waiting (``flush`` may hold its output)."""
        session, last = watched.session, watched.last_state
        return (last is not None and not session.closed and not session.is_idle and session.attachment == last[1]
                and not watched.urgent and not watched.send_info and not watched.uncertain)

    @staticmethod
    def _can_hold(watched: Watched, entries: list[tuple[Position, dict[str, Any]]],
                  state: tuple[Any, ...]) -> bool:
        """Whether this flush has nothing a viewer waits for (see ``flush``)."""
        last = watched.last_state
        closed, attachment, idle = state[:3]
        return (last is not None and not closed and not idle and attachment == last[1] and not watched.urgent
                and not watched.send_info and all(entry.get("k") == "s" for _, entry in entries))

    @property
    def watched_count(self) -> int:
        return len(self._watched)
