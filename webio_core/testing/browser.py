"""The browser side of one session, without I/O: frames in, page updated, client messages out.

It follows docs/protocol.md like the real client: frames are applied in ``seq`` order — a replay
of an applied frame is dropped, and a frame that arrives early (the HTTP transport can answer two
requests out of order) waits until the frames before it arrived; each event gets the
next client ``seq`` and carries ``ack`` (the last frame applied); events stay in ``unacked`` until
a frame acknowledges them, so a reconnect can resend them; a pure ``{"ack": n}`` goes out when
frames were applied and no event carried the acknowledgement.

``run_script`` with ``eval`` is answered by ``js``: a function ``(code, args) -> value``, or a
dict ``{code: value}``; the default answers None (as if the expression had been ``undefined``).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Callable, Mapping, Optional, Union

from .page import actions
from .page.model import Page, Reply, Script

logger = logging.getLogger("webio.testing")
JsHandler = Callable[[str, dict[str, Any]], Any]
JsAnswers = Union[JsHandler, Mapping[str, Any], None]


def _as_handler(js: JsAnswers) -> JsHandler:
    if js is None:
        return lambda code, args: None
    if callable(js):
        return js
    table = dict(js)
    return lambda code, args: table.get(code)


class Browser:
    """Applies server frames to a ``Page`` and queues the client messages to send."""

    def __init__(self, js: JsAnswers = None) -> None:
        self.page = Page()
        self.navigations: list[actions.Navigation] = []
        self.last_frame_seq = 0
        self.server_ack = 0
        self.last_event_seq = 0
        self.unacked: list[tuple[int, Reply]] = []
        self._outbox: list[Reply] = []
        self._acked_sent = 0
        self._early: dict[int, list[Any]] = {}
        self._js = _as_handler(js)

    def answer_js(self, js: JsAnswers) -> None:
        """Set how ``eval_js`` expressions are answered (see the module docstring)."""
        self._js = _as_handler(js)

    # ------------------------------------------------------------------ inbound
    def receive(self, text: str, now: float = 0.0) -> None:
        """Apply one frame (JSON text) from the server."""
        frame = json.loads(text)
        ack = frame.get("ack")
        if isinstance(ack, int):
            self.server_ack = max(self.server_ack, ack)
            self.unacked = [(seq, event) for seq, event in self.unacked if seq > self.server_ack]
        commands = frame.get("commands")
        if commands is None:
            return
        seq = frame.get("seq")
        if not isinstance(seq, int):
            self._apply(commands, now)
            return
        if seq <= self.last_frame_seq:
            return  # a replay of a frame already applied
        self._early[seq] = commands
        while self.last_frame_seq + 1 in self._early:
            self.last_frame_seq += 1
            self._apply(self._early.pop(self.last_frame_seq), now)

    def _apply(self, commands: list[Any], now: float) -> None:
        for cmd in commands:
            self._outbox += self.page.apply(cmd, now)
            if cmd.get("command") == "run_script" and (cmd.get("spec") or {}).get("eval"):
                self._eval(self.page.scripts[-1])

    def _eval(self, script: Script) -> None:
        try:
            script.result = self._js(script.code, script.args)
        except Exception as exc:  # a rejected promise answers null
            logger.info("eval_js handler failed for %r: %s", script.code, exc)
            script.result = None
        self._outbox.append({"event": "js_yield", "task_id": script.task_id, "data": script.result})

    def expire(self, now: float) -> None:
        """Answer the ``pin_wait`` commands whose timeout has passed."""
        self._outbox += self.page.expire_pin_waits(now)

    def next_deadline(self) -> Optional[float]:
        """The earliest time (``time.monotonic()``) a pin wait of the page times out, or None."""
        return self.page.next_deadline()

    # ------------------------------------------------------------------ outbound
    def queue(self, events: list[Reply]) -> None:
        """Add events to send to the server."""
        self._outbox += events

    def take_outgoing(self) -> list[str]:
        """The client messages to send now, encoded, each with its ``seq`` and ``ack``."""
        texts = []
        for event in self._outbox:
            self.last_event_seq += 1
            self.unacked.append((self.last_event_seq, event))
            texts.append(self._encode(self.last_event_seq, event))
        self._outbox = []
        if not texts and self.last_frame_seq > self._acked_sent:
            texts.append(json.dumps({"ack": self.last_frame_seq}))
        self._acked_sent = self.last_frame_seq
        return texts

    def resend_unacked(self) -> list[str]:
        """After a reconnect: the events the server has not acknowledged, again."""
        return [self._encode(seq, event) for seq, event in self.unacked]

    def _encode(self, seq: int, event: Reply) -> str:
        message = dict(event, seq=seq)
        if self.last_frame_seq:
            message["ack"] = self.last_frame_seq
        return json.dumps(message, ensure_ascii=False, separators=(",", ":"))

    @property
    def has_outgoing(self) -> bool:
        """True when events wait to be sent."""
        return bool(self._outbox)

    def all_acknowledged(self) -> bool:
        """True when the server has acknowledged every event sent."""
        return self.server_ack >= self.last_event_seq
