"""``WorkerNode``: one worker's place on the bus: its inbox reader, publisher and heartbeat.

Four daemon threads, started by ``start`` and ended by ``stop``:
- *sender*: sends what proxies ``post`` (events, acks, attach...), in order, so a transport on an
  event loop never waits for Redis to hand over a request; what is queued together goes in one
  bus message, and a bare ack waits a moment for the event that usually follows it;
- *inbox*: takes the worker's messages in order; requests for its own sessions go to the
  ``OwnerService``, notes about sessions it follows go to their ``RemoteSession``, replies wake
  the request waiting for them;
- *publisher*: flushes the owned sessions that changed (listeners only mark them), and the ones
  whose change was held back (``OwnerService.flush``) once it is due;
- *heartbeat*: renews the worker's key every ``heartbeat_ttl / 3`` seconds and closes the proxies of
  sessions whose owner's key expired.
The bus failing (Redis down) is logged once per outage; every thread keeps trying.
"""
from __future__ import annotations

import collections
import logging
import os
import threading
import time
import weakref
from typing import Any, Callable, Optional

from ..session.ids import short_id, worker_id as this_worker_id
from . import wire
from .base import Bus, BusError
from ..session.port import SessionPort
from .owner import LocalSessions, OwnerService
from .remote import OWNER_GONE_TEXT, RemoteSession

logger = logging.getLogger("webio.bus")

DEFAULT_HEARTBEAT_TTL = 3.0
ALIVE_CACHE_SECONDS = 1.0
# How long a message nobody waits for (a bare ack) may wait for the next one to share its bus message.
HOLD_ALONE_SECONDS = 0.002
# A closed proxy stays this long, so a tab's next request still gets its last frames (the why).
KEEP_CLOSED_SECONDS = 60.0


class _Outage:
    """Log a bus failure once, and its end once (then ``on_back`` is called)."""

    def __init__(self, what: str, on_back: Optional[Callable[[], None]] = None) -> None:
        self.what = what
        self.down = False
        self.on_back = on_back

    def failed(self, exc: Exception) -> None:
        if not self.down:
            self.down = True
            logger.error("%s: the bus is unreachable (%s); retrying every second", self.what, exc)

    def ok(self) -> None:
        if self.down:
            self.down = False
            logger.warning("%s: the bus is reachable again", self.what)
            if self.on_back is not None:
                self.on_back()


_NODES: "weakref.WeakSet[WorkerNode]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    global _SHARED_LOCK
    _SHARED_LOCK = threading.Lock()
    for node in list(_NODES):
        node._after_fork()
    for key, node in list(_SHARED.items()):
        del _SHARED[key]
        _SHARED[node.worker_id] = node


class SessionsOfWorker:
    """The session registries of one worker (each endpoint of a process may have its own)."""

    def __init__(self) -> None:
        self.registries: list[LocalSessions] = []

    def get(self, session_id: str) -> Optional[SessionPort]:
        for registry in list(self.registries):
            session = registry.get(session_id)
            if session is not None:
                return session
        return None

    def touch(self, session_id: str, now: Optional[float] = None) -> None:
        for registry in list(self.registries):
            registry.touch(session_id, now)


_SHARED_LOCK = threading.Lock()
_SHARED: dict[str, WorkerNode] = {}


def node_for(bus: Bus, sessions: LocalSessions, *, worker_id: Optional[str] = None,
             heartbeat_ttl: float = DEFAULT_HEARTBEAT_TTL) -> WorkerNode:
    """The node of ``worker_id`` (default: this process's) in this process, made on first use, now
    serving ``sessions`` too: one inbox has one reader, however many endpoints the process has."""
    key = worker_id or this_worker_id()
    with _SHARED_LOCK:
        node = _SHARED.get(key)
        if node is None or node.stopped or (node.bus is not bus and not node.running):
            node = _SHARED[key] = WorkerNode(bus, worker_id=worker_id, heartbeat_ttl=heartbeat_ttl)
        elif node.bus is not bus and repr(node.bus) != repr(bus):  # the same URL twice is fine
            logger.warning("worker %s is on the bus %r already; a registry asking for %r joins it (one bus "
                           "per process: configure the same bus everywhere)", key, node.bus, bus)
        node.sessions.registries.append(sessions)
        return node


class WorkerNode:
    """This worker on ``bus``: owner of the sessions in ``sessions``, viewer of other workers' ones."""

    def __init__(self, bus: Bus, sessions: Optional[LocalSessions] = None, *, worker_id: Optional[str] = None,
                 heartbeat_ttl: float = DEFAULT_HEARTBEAT_TTL) -> None:
        self.bus = bus
        self._own_id = worker_id is None  # the process's id: a forked child takes its own
        self.worker_id = worker_id or this_worker_id()
        self.heartbeat_ttl = heartbeat_ttl
        self.sessions = SessionsOfWorker()
        if sessions is not None:
            self.sessions.registries.append(sessions)
        self.stopped = False
        self.owner = OwnerService(bus, self.worker_id, self.sessions, self._mark_dirty)
        self._outgoing: collections.deque[tuple[str, dict[str, Any]]] = collections.deque()
        self._outgoing_cond = threading.Condition()
        self._held_since: Optional[float] = None  # when the queue began, if it holds only held messages
        self._remotes: dict[str, RemoteSession] = {}
        self._closed_at: dict[str, float] = {}
        self._replies: dict[str, tuple[threading.Event, list[dict[str, Any]]]] = {}
        self._dirty: set[str] = set()
        self._dirty_cond = threading.Condition()
        self._alive: dict[str, tuple[bool, float]] = {}
        # After an outage the heartbeats may be lost (a restarted Redis): nobody is called dead
        # until every worker had time to beat again.
        self._trust_until = 0.0
        self.last_beat = 0.0  # time.monotonic() of the last heartbeat the bus took
        self._lock = threading.Lock()
        self._running = False
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        _NODES.add(self)

    def _after_fork(self) -> None:
        """In a forked child (gunicorn --preload): a worker of its own, with its own threads."""
        was_running = self._running
        self._running = False
        self._threads = []
        self._lock = threading.Lock()
        self._dirty_cond = threading.Condition()
        self._outgoing_cond = threading.Condition()
        self._outgoing.clear()
        self._held_since = None
        self._stopping = threading.Event()
        self._remotes.clear()
        self._closed_at.clear()
        self._replies.clear()
        self._dirty.clear()
        self._alive.clear()
        if self._own_id:
            self.worker_id = this_worker_id()
            self.owner = OwnerService(self.bus, self.worker_id, self.sessions, self._mark_dirty)
        if was_running:  # not in the fork hook itself: it may not block on the network
            threading.Thread(target=self._start_quietly, name="webio-bus-start", daemon=True).start()

    def _start_quietly(self) -> None:
        try:
            self.start()
        except BusError as exc:
            logger.error("worker %s: cannot join the bus after fork: %s", self.worker_id, exc)

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> WorkerNode:
        """Beat once (so others see this worker at once) and start the threads; idempotent."""
        with self._lock:
            if self._running:
                return self
            self._running = True
            self._stopping.clear()
        try:
            self.bus.beat(self.worker_id, self.heartbeat_ttl)
            self.last_beat = time.monotonic()
        except BusError as exc:  # the heartbeat thread keeps trying
            logger.error("worker %s: first heartbeat failed: %s", self.worker_id, exc)
        for name, target in (("sender", self._send_loop), ("inbox", self._inbox_loop), ("publisher", self._publish_loop),
                             ("heartbeat", self._heartbeat_loop)):
            thread = threading.Thread(target=target, name=f"webio-bus-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    @property
    def running(self) -> bool:
        return self._running

    def release(self, sessions: LocalSessions) -> None:
        """``sessions`` leaves (its endpoint closed); the last one to leave stops the node."""
        with _SHARED_LOCK:
            if sessions in self.sessions.registries:
                self.sessions.registries.remove(sessions)
            last = not self.sessions.registries
        if last:
            self.stop()

    def stop(self, *, forget: bool = True) -> None:
        """Stop the threads; with ``forget``, tell the bus this worker is gone (graceful stop)."""
        with self._lock:
            self.stopped = True
            if not self._running:
                return
            self._running = False
        self._stopping.set()
        with self._dirty_cond:
            self._dirty_cond.notify_all()
        with self._outgoing_cond:
            self._outgoing_cond.notify_all()
        for thread in self._threads:
            thread.join(5)
        self._threads.clear()
        if forget:
            try:
                self.bus.forget(self.worker_id)
            except BusError as exc:
                logger.warning("worker %s: could not say goodbye on the bus: %s", self.worker_id, exc)

    # ----------------------------------------------------------------- messaging
    def send(self, worker: str, message: dict[str, Any]) -> None:
        """Send now (blocking for one bus round trip)."""
        self.bus.send(worker, message)

    def post(self, worker: str, message: dict[str, Any], *, hold: bool = False) -> None:
        """Send soon, from the sender thread, after everything posted before (never blocks).
        ``hold``: nobody waits for it; it may wait ``HOLD_ALONE_SECONDS`` for company (a tab's
        ack, followed by its event in the same request), so both travel in one bus message."""
        with self._outgoing_cond:
            if not self._outgoing:
                self._held_since = time.monotonic() if hold else None
            elif not hold:
                self._held_since = None
            self._outgoing.append((worker, message))
            self._outgoing_cond.notify()

    def _send_loop(self) -> None:
        outage = _Outage(f"worker {self.worker_id} sender")
        while True:
            with self._outgoing_cond:
                while self._running:
                    if not self._outgoing:
                        self._outgoing_cond.wait(1)
                    elif self._held_since is not None and time.monotonic() < self._held_since + HOLD_ALONE_SECONDS:
                        self._outgoing_cond.wait(self._held_since + HOLD_ALONE_SECONDS - time.monotonic())
                    else:
                        break
                if not self._outgoing:
                    return  # stopped, and everything posted was sent
                worker = self._outgoing[0][0]
                batch: list[dict[str, Any]] = []
                for queued_worker, message in self._outgoing:  # the first run for one worker, in order
                    if queued_worker != worker or len(batch) >= 100:
                        break
                    batch.append(message)
            try:
                self.bus.send_many(worker, batch)
            except BusError as exc:
                outage.failed(exc)
                if self._stopping.wait(1) and not self._running:
                    return
                continue  # the same messages again: order is kept
            outage.ok()
            with self._outgoing_cond:
                for _ in batch:
                    self._outgoing.popleft()
                self._held_since = None

    def request(self, worker: str, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send a request and wait for its reply; ``BusError`` if none comes within ``timeout``."""
        rid = wire.new_rid()
        done = threading.Event()
        box: list[dict[str, Any]] = []
        with self._lock:
            self._replies[rid] = (done, box)
        try:
            self.bus.send(worker, {**message, "rid": rid})
            if not done.wait(timeout):
                raise BusError(f"worker {worker} did not answer a {message.get('op')!r} request within {timeout:g} s")
            return box[0]
        finally:
            with self._lock:
                self._replies.pop(rid, None)

    def _bus_back(self) -> None:
        self._trust_until = time.monotonic() + self.heartbeat_ttl
        self._alive.clear()

    def is_alive(self, worker: str) -> bool:
        """Whether ``worker``'s heartbeat is current (asked at most once a second per worker)."""
        now = time.monotonic()
        if now < self._trust_until:
            return True
        cached = self._alive.get(worker)
        if cached is not None and now - cached[1] < ALIVE_CACHE_SECONDS:
            return cached[0]
        alive = self.bus.is_alive(worker)
        self._alive[worker] = (alive, now)
        return alive

    # ----------------------------------------------------------------- sessions of other workers
    def remote(self, session_id: str, owner: str) -> RemoteSession:
        """The proxy of another worker's session (one per session, made on first use); ``BusError``
        if the bus fails before the owner answered (no proxy is kept then)."""
        with self._lock:
            proxy = self._remotes.get(session_id)
            if proxy is not None:
                return proxy
            proxy = self._remotes[session_id] = RemoteSession(self, session_id, owner)
        proxy.on_close(self._note_closed)
        if not proxy.watch():
            try:
                self.bus.is_alive(owner)
            except BusError:  # the bus is down, not the owner: a tab asks again later, for a fresh proxy
                with self._lock:
                    if self._remotes.get(session_id) is proxy:
                        del self._remotes[session_id]
                raise
            logger.warning("session %s: its owner %s did not answer", short_id(session_id), owner)
        elif proxy.closed and not proxy.heard_from_owner:
            # No such session (an id made up from a worker's id, or one closed long ago): the answer is
            # the same next time, so nothing is kept for it; made-up ids cannot fill this worker's memory.
            with self._lock:
                if self._remotes.get(session_id) is proxy:
                    del self._remotes[session_id]
                self._closed_at.pop(session_id, None)
        return proxy

    def known_remote(self, session_id: str) -> Optional[RemoteSession]:
        """The proxy of ``session_id`` if this worker has one (open, or closed recently)."""
        with self._lock:
            return self._remotes.get(session_id)

    def _note_closed(self, proxy: Any) -> None:
        with self._lock:
            self._closed_at[proxy.id] = time.monotonic()

    def purge_closed(self, older_than: float = KEEP_CLOSED_SECONDS) -> None:
        """Forget the proxies of sessions closed more than ``older_than`` seconds ago."""
        now = time.monotonic()
        with self._lock:
            for sid in [sid for sid, at in self._closed_at.items() if now - at >= older_than]:
                del self._closed_at[sid]
                self._remotes.pop(sid, None)

    @property
    def remote_count(self) -> int:
        return len(self._remotes)

    # ----------------------------------------------------------------- threads
    def _mark_dirty(self, session_id: str) -> None:
        with self._dirty_cond:
            self._dirty.add(session_id)
            self._dirty_cond.notify()

    def _inbox_loop(self) -> None:
        outage = _Outage(f"worker {self.worker_id} inbox", self._bus_back)
        while self._running:
            try:
                messages = self.bus.receive(self.worker_id, 0.5)
            except BusError as exc:
                outage.failed(exc)
                self._stopping.wait(1)
                continue
            outage.ok()
            for message in messages:
                try:
                    self._dispatch(message)
                except BusError as exc:
                    logger.warning("worker %s: refused a bus message: %s", self.worker_id, exc)
                except Exception:  # a bug, not the sender's: logged, and the inbox goes on with the next one
                    logger.exception("worker %s: a bus message could not be handled", self.worker_id)

    def _dispatch(self, message: dict[str, Any]) -> None:
        op = message.get("op")
        if not isinstance(op, str):  # checked like browser input: a list here must not stop the reader
            raise BusError(f"'op' must be a string, got {type(op).__name__}")
        if op in wire.VIEWER_OPS:
            self.owner.handle(message)
        elif op == "reply":
            rid = message.get("rid")
            with self._lock:
                waiting = self._replies.get(rid) if isinstance(rid, str) else None
            if waiting is not None:
                waiting[1].append(message)
                waiting[0].set()
        elif op in ("changed", "gone"):
            sid = message.get("sid")
            with self._lock:
                proxy = self._remotes.get(sid) if isinstance(sid, str) else None
            if proxy is None:
                return
            if op == "changed":
                proxy.refresh(message)
            else:
                proxy.gone()
        else:
            logger.warning("worker %s: dropped a bus message with unknown op %r", self.worker_id, str(op)[:40])

    def _publish_loop(self) -> None:
        outage = _Outage(f"worker {self.worker_id} publisher")
        while True:
            now = time.monotonic()
            due, later = self.owner.held(now)  # changes held back (owner.flush), due now or later
            with self._dirty_cond:
                if not self._running:
                    return
                if not self._dirty and not due:
                    self._dirty_cond.wait(1.0 if later is None else min(1.0, later - now))
                    continue
                dirty, self._dirty = self._dirty, set()
            for sid in dirty | set(due):
                try:
                    self.owner.flush(sid, force=sid in due)
                    outage.ok()
                except BusError as exc:
                    outage.failed(exc)
                    self._stopping.wait(1)
                    self._mark_dirty(sid)
                except Exception:
                    logger.exception("session %s: publishing failed", short_id(sid))

    def _heartbeat_loop(self) -> None:
        outage = _Outage(f"worker {self.worker_id} heartbeat", self._bus_back)
        interval = self.heartbeat_ttl / 3
        while self._running:
            try:
                self.bus.beat(self.worker_id, self.heartbeat_ttl)
                self.last_beat = time.monotonic()
                outage.ok()  # first: after an outage, owners get time to beat again
                self._check_owners()
                self.purge_closed()
                self.owner.purge_ended()
            except BusError as exc:
                outage.failed(exc)
            self._stopping.wait(interval)

    def _check_owners(self) -> None:
        if time.monotonic() < self._trust_until:
            return
        with self._lock:
            proxies = [proxy for proxy in self._remotes.values() if not proxy.closed]
        for owner in {proxy.owner for proxy in proxies}:
            if self.bus.is_alive(owner):
                continue
            self._alive[owner] = (False, time.monotonic())
            for proxy in proxies:
                if proxy.owner == owner and not proxy.closed:
                    logger.warning("session %s: its worker %s stopped; the tab is told", short_id(proxy.id), owner)
                    proxy.gone(OWNER_GONE_TEXT)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
