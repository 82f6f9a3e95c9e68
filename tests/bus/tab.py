"""A scripted tab that talks to a ``SessionPort`` the way the HTTP transport does, one exchange at a time.

Each exchange may go through a different registry (worker): the tab only keeps its session id,
its event seq and its ack, as the browser does.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Any, Optional

from webio.protocol.events import ClientMessage, decode_client_message
from webio.session.port import SessionPort, SessionRegistry


class Tab:
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.seq = 0
        self.ack = 0
        self.commands: list[dict[str, Any]] = []
        self.frame_seqs: list[int] = []

    def exchange(self, registry: SessionRegistry, event: Optional[dict[str, Any]] = None,
                 wait: float = 10.0) -> Optional[SessionPort]:
        """Send the ack (and ``event``) through ``registry``; take the frames once the app reacted.
        No session found: the tab closes, as on the HTTP transport's closed reply."""
        port = registry.get(self.session_id)
        if port is None:
            self.commands.append({"command": "close_session", "task_id": None, "spec": None})
            return None
        port.receive(ClientMessage(event=None, seq=None, ack=self.ack))
        if event is not None:
            self.seq += 1
            port.receive(decode_client_message(json.dumps({**event, "seq": self.seq})))
        wake = threading.Condition()

        def listener() -> None:
            with wake:
                wake.notify_all()

        port.add_listener(listener)
        try:
            deadline = time.monotonic() + wait
            with wake:
                while not (port.closed or (port.is_idle if event is not None else port.has_pending_output)):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    wake.wait(min(remaining, 0.05))
        finally:
            port.remove_listener(listener)
        port.take_frame()
        for frame in port.replay(self.ack):
            self.frame_seqs.append(frame.seq)
            self.commands.extend(json.loads(frame.text)["commands"])
            self.ack = frame.seq
        return port

    def wait_for(self, registry: SessionRegistry, predicate: Any, seconds: float = 10.0) -> None:
        deadline = time.monotonic() + seconds
        while not predicate(self):
            assert time.monotonic() < deadline, f"timed out; commands so far: {self.commands}"
            self.exchange(registry, wait=0.5)

    def form_task(self) -> str:
        """The task of the last form shown (searched from the end: a long run's list grows)."""
        form = next((c for c in reversed(self.commands) if c["command"] == "input_group"), None)
        assert form is not None, f"no form shown; commands: {self.commands}"
        return str(form["task_id"])

    def submit(self, registry: SessionRegistry, value: Any) -> Optional[SessionPort]:
        return self.exchange(registry, {"event": "from_submit", "task_id": self.form_task(), "data": {"data": value}})

    @property
    def texts(self) -> list[str]:
        return [c["spec"]["content"] for c in self.commands
                if c["command"] == "output" and c["spec"].get("type") == "text"]

    @property
    def closed(self) -> bool:
        return any(c["command"] == "close_session" for c in self.commands)
