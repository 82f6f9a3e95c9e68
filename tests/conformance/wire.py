"""A browser reduced to its wire protocol (docs/protocol.md), without I/O, for tests.

Feed it the server's frames; it applies each ``seq`` once (a replayed frame is counted in
``duplicates``), remembers the session id, and numbers the events it writes with ``seq``/``ack``.
"""
from __future__ import annotations

import json
from collections import deque
from typing import Any, Callable, Optional

Command = dict[str, Any]


class FakeBrowser:
    """The protocol state of one tab: applied frames, pending commands, event numbering."""

    def __init__(self) -> None:
        self.applied = 0          # highest frame seq applied
        self.event_seq = 0        # last event seq written
        self.session_id: Optional[str] = None
        self.acked_by_server = 0  # highest event seq the server acknowledged
        self.duplicates = 0
        self.frames: list[dict[str, Any]] = []
        self.pending: deque[Command] = deque()
        self.closed = False

    def feed(self, text: str) -> None:
        """Apply one server frame."""
        frame = json.loads(text)
        self.frames.append(frame)
        if frame.get("ack") is not None:
            self.acked_by_server = max(self.acked_by_server, frame["ack"])
        seq = frame.get("seq")
        if seq is not None:
            if seq <= self.applied:
                self.duplicates += 1
                return
            assert seq == self.applied + 1, f"frame {seq} arrived after {self.applied}: a frame went missing"
            self.applied = seq
        for cmd in frame.get("commands") or []:
            if cmd["command"] == "set_session_id":
                self.session_id = cmd["spec"]
            if cmd["command"] == "close_session":
                self.closed = True
            self.pending.append(cmd)

    def take(self, predicate: Callable[[Command], bool]) -> Optional[Command]:
        """Remove and return the first pending command matching ``predicate``."""
        for cmd in list(self.pending):
            if predicate(cmd):
                self.pending.remove(cmd)
                return cmd
        return None

    def event(self, name: str, task_id: str, data: Any = None) -> str:
        """A new event, numbered, acknowledging every frame applied so far."""
        self.event_seq += 1
        return json.dumps({"event": name, "task_id": task_id, "data": data, "seq": self.event_seq,
                           "ack": self.applied})

    def resume_query(self) -> str:
        return f"session={self.session_id}&ack={self.applied}"


def is_script(code: str) -> Callable[[Command], bool]:
    return lambda cmd: cmd["command"] == "run_script" and cmd["spec"]["code"] == code


class RecordingPeer:
    """The server's end of a WebSocket, for driving a transport without a socket: the texts it
    sent, and the close code once it closed (None while open)."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: Optional[int] = None

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def close(self, code: int = 1000) -> None:
        self.closed = code
