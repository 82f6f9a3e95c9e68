"""The messages workers exchange about sessions, and their checks (as strict as for browser input).

Inbox operations (``op``), from a worker serving a request (the *viewer*) to the session's owner:
``watch`` (start publishing the session's outbox to me), ``unwatch``, ``receive`` (a checked client
message), ``chunk`` and ``receive_assembled`` (a large event), ``send`` (a transport notice),
``attach``, ``detach``, ``close``, ``close_if_abandoned``. From the owner to a viewer: ``changed``
(read the outbox again), ``reply`` (the answer to a request with ``rid``), ``gone`` (no such session).

Outbox entries: ``{"k": "f", "seq", "text"}`` (a frame, at position ``(seq, 0)``) and
``{"k": "s", ...}`` (the session's state after them, see ``state_note``).
"""
from __future__ import annotations

import json
import re
import secrets
from typing import Any, Optional

from ..exceptions import RemoteProtocolError
from ..protocol.events import ClientMessage, message_from_json
from ..session.ids import InvalidSessionId, check_worker_id, parse_session_id
from ..session.state import Attachment, CloseReason
from .base import BusError

VIEWER_OPS = frozenset({"watch", "unwatch", "receive", "chunk", "receive_assembled", "send", "attach",
                        "detach", "close", "close_if_abandoned"})
OWNER_OPS = frozenset({"changed", "reply", "gone"})
# The commands a transport may queue through ``SessionPort.send`` from another worker.
TRANSPORT_COMMANDS = frozenset({"toast"})
RID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_DONE = 10_000
MAX_GRACE_SECONDS = 7 * 24 * 3600.0
# The fields of ``SessionInfo`` a state note may carry (``info``).
INFO_FIELDS = ("user_agent_string", "user_language", "server_host", "origin", "user_ip", "backend", "protocol")
# How far past the newest frame a viewer knows an outbox entry may number its frame (a frame the
# owner sealed while the viewer read); anything further is not the owner's.
MAX_FRAMES_AHEAD = 10_000


def new_rid() -> str:
    """A request id (unique per request; 96 random bits)."""
    return secrets.token_urlsafe(12)


def _str(message: dict[str, Any], key: str) -> str:
    value = message.get(key)
    if not isinstance(value, str):
        raise BusError(f"'{key}' must be a string, got {type(value).__name__}")
    return value


def _int(message: dict[str, Any], key: str) -> int:
    value = message.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BusError(f"'{key}' must be a non-negative integer, got {value!r:.40}")
    return value


def _bool(message: dict[str, Any], key: str) -> bool:
    value = message.get(key)
    if not isinstance(value, bool):
        raise BusError(f"'{key}' must be true or false, got {value!r:.40}")
    return value


def session_id_of(message: dict[str, Any]) -> str:
    sid = _str(message, "sid")
    try:
        parse_session_id(sid)
    except InvalidSessionId as exc:
        raise BusError(str(exc)) from None
    return sid


def sender_of(message: dict[str, Any]) -> str:
    try:
        return check_worker_id(_str(message, "from"))
    except ValueError as exc:
        raise BusError(str(exc)) from None


def rid_of(message: dict[str, Any]) -> str:
    rid = _str(message, "rid")
    if not RID_PATTERN.fullmatch(rid):
        raise BusError(f"malformed request id {rid!r:.40}")
    return rid


def client_message_of(message: dict[str, Any]) -> ClientMessage:
    raw = message.get("msg")
    if not isinstance(raw, dict):
        raise BusError("'msg' must be a client message object")
    try:
        return message_from_json(raw)
    except RemoteProtocolError as exc:
        raise BusError(f"bad client message: {exc}") from None


def client_message_json(message: ClientMessage) -> dict[str, Any]:
    """A checked client message as the JSON the browser sent (checked again by the owner)."""
    raw: dict[str, Any] = {}
    if message.event is not None:
        raw.update(event=message.event.name, task_id=message.event.task_id, data=message.event.data)
    if message.seq is not None:
        raw["seq"] = message.seq
    if message.ack is not None:
        raw["ack"] = message.ack
    return raw


def grace_of(message: dict[str, Any]) -> float:
    value = message.get("grace")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_GRACE_SECONDS:
        raise BusError(f"'grace' must be a number of seconds from 0 to {MAX_GRACE_SECONDS:g}, got {value!r:.40}")
    return float(value)


def reason_of(message: dict[str, Any]) -> CloseReason:
    try:
        return CloseReason(_str(message, "reason"))
    except ValueError:
        raise BusError(f"unknown close reason {message.get('reason')!r:.40}") from None


def state_note(*, closed: bool, attachment: Attachment, idle: bool, last_event_seq: int, last_frame_seq: int,
               done: list[str], info: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """The state of a session after the frames before it in the outbox."""
    note: dict[str, Any] = {"k": "s", "closed": closed, "attachment": attachment.value, "idle": idle,
                            "last_event_seq": last_event_seq, "last_frame_seq": last_frame_seq, "done": done}
    if info is not None:
        note["info"] = info
    return note


class State:
    """A checked state note (see ``state_note``)."""

    def __init__(self, note: dict[str, Any]) -> None:
        self.closed = _bool(note, "closed")
        try:
            self.attachment = Attachment(_str(note, "attachment"))
        except ValueError:
            raise BusError(f"unknown attachment {note.get('attachment')!r:.40}") from None
        self.idle = _bool(note, "idle")
        self.last_event_seq = _int(note, "last_event_seq")
        self.last_frame_seq = _int(note, "last_frame_seq")
        done = note.get("done")
        if not isinstance(done, list) or len(done) > MAX_DONE or not all(isinstance(r, str) for r in done):
            raise BusError("'done' must be a list of request ids")
        self.done: list[str] = done
        info = note.get("info")
        if info is not None and not (isinstance(info, dict) and all(
                k in INFO_FIELDS and isinstance(v, str) for k, v in info.items())):
            raise BusError(f"'info' must map some of {', '.join(INFO_FIELDS)} to strings")
        self.info: Optional[dict[str, str]] = info


def frame_of(entry: dict[str, Any]) -> tuple[int, str]:
    """The seq and text of a checked frame entry."""
    seq = _int(entry, "seq")
    if seq < 1:
        raise BusError("a frame's seq starts at 1")
    return seq, _str(entry, "text")


def check_entry_at(position: tuple[int, int], entry: dict[str, Any], last_frame_seq: Optional[int]) -> str:
    """The kind of an outbox entry ('f' or 's') if it is one the owner could have written at
    ``position``, else ``BusError``: a frame sits at ``(seq, 0)`` and its text is a JSON frame of
    that seq; a state note sits after the frame it follows (``(n, k)``, ``0 < k``, ``n`` at most its
    ``last_frame_seq``). ``last_frame_seq``: the newest frame the reader knows of (None: none yet),
    which no entry may pass by more than ``MAX_FRAMES_AHEAD``."""
    kind = entry.get("k")
    if kind == "f":
        seq, text = frame_of(entry)
        if position != (seq, 0):
            raise BusError(f"frame {seq} at outbox position {position}, not ({seq}, 0)")
        newest = seq
        try:
            frame = json.loads(text)
            if not isinstance(frame.get("commands"), list) or frame.get("seq", seq) != seq:
                raise ValueError(text)
        except (ValueError, AttributeError, RecursionError):
            raise BusError(f"frame {seq} is not a JSON frame of that seq") from None
    elif kind == "s":
        newest = _int(entry, "last_frame_seq")
        if position[1] == 0 or position[0] > newest:
            raise BusError(f"a state note at outbox position {position} (last frame {newest})")
    else:
        raise BusError(f"unknown outbox entry kind {str(kind)!r:.20}")
    if last_frame_seq is not None and newest > last_frame_seq + MAX_FRAMES_AHEAD:
        raise BusError(f"an outbox entry names frame {newest}, far past the newest frame {last_frame_seq}")
    return str(kind)
