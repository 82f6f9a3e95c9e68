"""``InProcessBus``: the bus of a single process (the default; also joins endpoints in one test).

Nothing is copied through a server, but every message is still encoded and decoded as JSON, so
code that works over it works over Redis too.

    >>> bus = InProcessBus()
    >>> bus.send("0123abcd", {"op": "ping"}); bus.receive("0123abcd", 0)
    [{'op': 'ping'}]
"""
from __future__ import annotations

import bisect
import threading
import time
from collections import deque
from typing import Any, Mapping, Optional, Sequence

from .base import DEFAULT_MAX_MESSAGE_BYTES, START, BusError, Position, decode_or_log, encode

INBOX_LIMIT = 100_000


class InProcessBus:
    """Inboxes, outboxes and heartbeats in this process's memory (see webio.bus.base)."""

    name = "in-process"

    def __init__(self, *, max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
                 outbox_ttl: float = 3600.0) -> None:
        self.max_message_bytes = max_message_bytes
        self.outbox_ttl = outbox_ttl
        self._cond = threading.Condition()
        self._inboxes: dict[str, deque[str]] = {}
        self._outboxes: dict[str, tuple[list[Position], list[str], float]] = {}
        self._alive: dict[str, float] = {}

    # ----------------------------------------------------------------- inbox
    def send(self, worker_id: str, message: Mapping[str, Any]) -> None:
        text = encode(message)
        with self._cond:
            self._inboxes.setdefault(worker_id, deque(maxlen=INBOX_LIMIT)).append(text)
            self._cond.notify_all()

    def send_many(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        for message in messages:
            self.send(worker_id, message)

    def receive(self, worker_id: str, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._cond:
            while not self._inboxes.get(worker_id):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)
            texts = list(self._inboxes.pop(worker_id))
        decoded = (decode_or_log(text, self.max_message_bytes, f"the inbox of {worker_id}") for text in texts)
        return [message for message in decoded if message is not None]

    # ----------------------------------------------------------------- outbox
    def publish(self, session_id: str, position: Position, entry: Mapping[str, Any]) -> None:
        text = encode(entry)
        with self._cond:
            self._expire_outboxes()
            positions, texts, _ = self._outboxes.get(session_id, ([], [], 0.0))
            if positions and position <= positions[-1]:
                raise BusError(f"outbox position {position} is not after {positions[-1]}")
            positions.append(position)
            texts.append(text)
            self._outboxes[session_id] = (positions, texts, time.monotonic() + self.outbox_ttl)
            self._cond.notify_all()

    def publish_many(self, session_id: str, entries: Sequence[tuple[Position, Mapping[str, Any]]],
                     trim_before: Optional[Position] = None,
                     notify: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> None:
        for position, entry in entries:
            self.publish(session_id, position, entry)
        if trim_before is not None:
            self.trim(session_id, trim_before)
        for worker_id, message in notify:
            self.send(worker_id, message)

    def read(self, session_id: str, after: Position = START, timeout: float = 0) -> list[tuple[Position, dict[str, Any]]]:
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._cond:
            while True:
                self._expire_outboxes()
                positions, texts, _ = self._outboxes.get(session_id, ([], [], 0.0))
                start = bisect.bisect_right(positions, after)
                if start < len(positions):
                    found = list(zip(positions[start:], texts[start:]))
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)
        entries = []
        for position, text in found:
            entry = decode_or_log(text, self.max_message_bytes, "the outbox of a session")
            if entry is not None:
                entries.append((position, entry))
        return entries

    def trim(self, session_id: str, before: Position) -> None:
        with self._cond:
            box = self._outboxes.get(session_id)
            if box is not None:
                cut = bisect.bisect_left(box[0], before)
                del box[0][:cut]
                del box[1][:cut]

    def drop(self, session_id: str) -> None:
        with self._cond:
            self._outboxes.pop(session_id, None)

    def _expire_outboxes(self) -> None:
        now = time.monotonic()
        for session_id in [sid for sid, box in self._outboxes.items() if box[2] < now]:
            del self._outboxes[session_id]

    # ----------------------------------------------------------------- heartbeats
    def beat(self, worker_id: str, ttl: float) -> None:
        with self._cond:
            self._alive[worker_id] = time.monotonic() + ttl

    def forget(self, worker_id: str) -> None:
        with self._cond:
            self._alive.pop(worker_id, None)
            self._inboxes.pop(worker_id, None)

    def is_alive(self, worker_id: str) -> bool:
        with self._cond:
            return self._alive.get(worker_id, 0.0) > time.monotonic()

    def check(self) -> None:
        """Always reachable."""

    def close(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def __repr__(self) -> str:
        return "<InProcessBus>"
