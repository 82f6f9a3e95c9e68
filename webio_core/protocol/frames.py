"""Outbound frames: commands batched per app step, numbered, kept until the browser acknowledges.

Rules of the stream:
- ``push`` queues a command; it returns True when the queue was empty, which is the moment the
  transport must be woken (once per batch, not once per command).
- ``seal`` turns everything queued into one frame with the next sequence number, encodes it once
  and keeps the text for replay.
- ``acknowledge(n)`` forgets every kept frame with ``seq <= n``; ``replay(n)`` gives back those
  with ``seq > n`` for a reconnecting browser.
- ``buffered`` is the size (characters of JSON text) of everything not yet acknowledged: queued
  commands (encoded as they are pushed) and kept frames. The session bounds it (backpressure).
The stream holds no lock: the session engine serialises access to it.
"""
from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from typing import Any, Optional

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def command(name: str, spec: Any = None, task_id: Optional[str] = None) -> dict[str, Any]:
    """Build one command of manual §4.12."""
    return {"command": name, "task_id": task_id, "spec": spec}


def encode_command(cmd: dict[str, Any]) -> str:
    """One command as JSON text (as it appears inside a frame)."""
    return _encoder.encode(cmd)


@dataclass(frozen=True)
class Frame:
    """A sealed frame: its sequence number and its encoded text (``commands`` decodes it again)."""

    seq: int
    text: str

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The frame's commands, decoded from its text (for tests and tools)."""
        decoded: list[dict[str, Any]] = json.loads(self.text)["commands"]
        return decoded


def encode_frame(seq: int, commands: Any, ack: Optional[int] = None) -> str:
    """Encode a frame as the JSON text the browser receives."""
    return join_frame(seq, [encode_command(cmd) for cmd in commands], ack)


def join_frame(seq: int, command_texts: list[str], ack: Optional[int] = None) -> str:
    """A frame's text from its commands already encoded (``encode_command``)."""
    head = f'{{"seq":{seq},"ack":{ack},"commands":[' if ack is not None else f'{{"seq":{seq},"commands":['
    return head + ",".join(command_texts) + "]}"


def encode_ack_frame(ack: int) -> str:
    """A frame that only acknowledges client events up to ``ack``."""
    return _encoder.encode({"ack": ack})


class OutboundStream:
    """Queue, number and retain the frames of one session (see the module rules)."""

    def __init__(self, max_retained: int = 10_000) -> None:
        self._pending: list[str] = []
        self._retained: deque[Frame] = deque()
        self._max_retained = max_retained
        self.last_seq = 0
        self.acked_seq = 0
        self._pending_size = 0
        self._retained_size = 0

    def push(self, cmd: dict[str, Any]) -> bool:
        """Queue a command; True if the transport must be woken."""
        return self.push_text(encode_command(cmd))

    def push_text(self, text: str) -> bool:
        """Queue a command already encoded with ``encode_command``; True if the transport must be woken."""
        was_empty = not self._pending
        self._pending.append(text)
        self._pending_size += len(text) + 1
        return was_empty

    @property
    def buffered(self) -> int:
        """Characters of output not yet acknowledged by the browser (queued and kept frames)."""
        return self._pending_size + self._retained_size

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def seal(self, ack: Optional[int] = None) -> Optional[Frame]:
        """Turn the queued commands into the next frame, or return None if nothing is queued."""
        if not self._pending:
            return None
        texts, self._pending = self._pending, []
        self._pending_size = 0
        self.last_seq += 1
        frame = Frame(self.last_seq, join_frame(self.last_seq, texts, ack))
        self._retained.append(frame)
        self._retained_size += len(frame.text)
        while len(self._retained) > self._max_retained:
            self._retained_size -= len(self._retained.popleft().text)
        return frame

    def acknowledge(self, seq: int) -> None:
        """Forget the frames the browser has applied (``seq`` and below)."""
        if seq > self.last_seq:
            seq = self.last_seq
        self.acked_seq = max(self.acked_seq, seq)
        while self._retained and self._retained[0].seq <= seq:
            self._retained_size -= len(self._retained.popleft().text)

    def replay(self, after_seq: int) -> list[Frame]:
        """The kept frames the browser has not applied yet."""
        return [frame for frame in self._retained if frame.seq > after_seq]

    def can_resume_from(self, after_seq: int) -> bool:
        """True if every frame after ``after_seq`` is still kept (none dropped for size)."""
        if after_seq >= self.last_seq:
            return True
        return bool(self._retained) and self._retained[0].seq <= after_seq + 1
