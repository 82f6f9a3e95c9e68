"""Decoding and validating what the browser sends.

A client message is one JSON object: an event of manual §4.12 (``event``, ``task_id``, ``data``)
with optional ``seq`` (client event number) and ``ack`` (last frame the client applied), or a pure
acknowledgement ``{"ack": n}``. Anything else raises ``RemoteProtocolError``; the caller logs it
and drops the message, the session carries on. Field types and limits: protocol/wire.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

import msgspec

from ..exceptions import RemoteProtocolError
from .wire import MAX_DEPTH, MessageWire, check_depth, convert_wire, decode_wire, may_nest_deeper

EVENT_NAMES = frozenset({"input_event", "callback", "from_submit", "from_cancel", "js_yield"})
INPUT_EVENT_NAMES = frozenset({"blur", "change"})
# An event may run this far ahead of the last one the session processed (the browser skips the seq
# of each event refused as too large); further ahead, it cannot belong to the session.
MAX_SEQ_GAP = 10_000
_ISSUED_ID = re.compile(r"(?:t|cb)([0-9]{1,18})")


@dataclass(frozen=True)
class Event:
    """One event from the browser, already checked against the protocol."""

    name: str
    task_id: str
    data: Any


@dataclass(frozen=True)
class Ack:
    """The highest frame sequence number the browser has applied."""

    seq: int


@dataclass(frozen=True)
class ClientMessage:
    """What one client frame carries: an event, its sequence number, an acknowledgement."""

    event: Optional[Event]
    seq: Optional[int]
    ack: Optional[int]


def _check_event_data(name: str, data: Any, deep: bool = True) -> None:
    if name == "input_event":
        if not isinstance(data, dict):
            raise RemoteProtocolError("input_event data must be an object")
        event_name = data.get("event_name")
        if not isinstance(event_name, str) or event_name not in INPUT_EVENT_NAMES:
            raise RemoteProtocolError(
                f"input_event event_name must be one of {sorted(INPUT_EVENT_NAMES)}, got {_short(event_name)}")
        if not isinstance(data.get("name"), str):
            raise RemoteProtocolError("input_event name must be a string")
    elif name == "from_submit":
        if not isinstance(data, dict):
            raise RemoteProtocolError("from_submit data must be an object of input values")
    elif name == "from_cancel":
        if data is not None:
            raise RemoteProtocolError("from_cancel data must be null")
    if deep:
        check_depth(data, name + " data")


def _short(value: Any, limit: int = 60) -> str:
    """``repr`` cut short: a reason quotes what the browser sent, never all of it."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _check_size(text: str | bytes, max_size: Optional[int]) -> None:
    if max_size is not None and len(text) > max_size:
        raise RemoteProtocolError(f"message of {len(text)} bytes is larger than the limit of {max_size}")


def load_client_json(text: str | bytes, max_size: Optional[int] = None) -> dict[str, Any]:
    """Parse one client message into its JSON object; raise ``RemoteProtocolError`` if it is not one."""
    _check_size(text, max_size)
    try:
        message = msgspec.json.decode(text)
    except msgspec.DecodeError as exc:
        raise RemoteProtocolError(f"message is not JSON: {exc}") from None
    except RecursionError:
        raise RemoteProtocolError(f"message nests deeper than {MAX_DEPTH} levels") from None
    except UnicodeError:
        raise RemoteProtocolError("message is not valid Unicode text") from None
    if not isinstance(message, dict):
        raise RemoteProtocolError(f"message must be a JSON object, got {type(message).__name__}")
    check_depth(message, "message", MAX_DEPTH + 1)
    return message


def message_from_wire(wire: MessageWire, deep: bool = True) -> ClientMessage:
    """Check the meaning of a message whose fields have their types (an event or a pure ack).
    ``deep=False``: its text had too few brackets to nest too deep (``may_nest_deeper``)."""
    if wire.event is None:
        if wire.ack is None:
            raise RemoteProtocolError("message has neither 'event' nor 'ack'")
        return ClientMessage(event=None, seq=None, ack=wire.ack)
    name = wire.event
    if name not in EVENT_NAMES:
        raise RemoteProtocolError(f"unknown event {_short(name)}; known events: {sorted(EVENT_NAMES)}")
    if wire.task_id is None:
        raise RemoteProtocolError(f"{name} needs a non-empty string task_id")
    _check_event_data(name, wire.data, deep)
    return ClientMessage(event=Event(name=name, task_id=wire.task_id, data=wire.data), seq=wire.seq, ack=wire.ack)


def message_from_json(message: Any) -> ClientMessage:
    """Check one parsed client message (an event or a pure acknowledgement)."""
    if not isinstance(message, dict):
        raise RemoteProtocolError(f"an event must be a JSON object, got {type(message).__name__}")
    return message_from_wire(convert_wire(message, MessageWire))


def decode_client_message(text: str | bytes, max_size: Optional[int] = None) -> ClientMessage:
    """Parse and check one client frame; raise ``RemoteProtocolError`` if it breaks the protocol."""
    _check_size(text, max_size)
    return message_from_wire(decode_wire(text, MessageWire), may_nest_deeper(text))


def check_event_seqs(last_seq: int, seqs: Iterable[Optional[int]]) -> None:
    """Refuse events that cannot belong to a session whose last event was ``last_seq``: a seq more
    than ``MAX_SEQ_GAP`` ahead (it would make every later event look like a duplicate)."""
    for seq in seqs:
        if seq is None:
            continue
        if seq > last_seq + MAX_SEQ_GAP:
            raise RemoteProtocolError(f"event seq {seq} is far ahead of the last event {last_seq} "
                                      f"(at most {MAX_SEQ_GAP} ahead)")
        last_seq = max(last_seq, seq)


def never_issued(task_id: str, last_issued: int) -> bool:
    """True if ``task_id`` is no id the session gave out (its ids are "t<n>"/"cb<n>", n up to
    ``last_issued``); an event for it is hostile, not late."""
    match = _ISSUED_ID.fullmatch(task_id)
    return match is None or int(match.group(1)) > last_issued
