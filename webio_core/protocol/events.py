"""Decoding and validating what the browser sends.

A client message is one JSON object: an event of manual §4.12 (``event``, ``task_id``, ``data``)
with optional ``seq`` (client event number) and ``ack`` (last frame the client applied), or a pure
acknowledgement ``{"ack": n}``. Anything else raises ``RemoteProtocolError``; the caller logs it
and drops the message, the session carries on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

from ..exceptions import RemoteProtocolError

EVENT_NAMES = frozenset({"input_event", "callback", "from_submit", "from_cancel", "js_yield"})
INPUT_EVENT_NAMES = frozenset({"blur", "change"})


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


def _sequence_number(message: dict[str, Any], key: str) -> Optional[int]:
    value = message.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RemoteProtocolError(f"'{key}' must be a non-negative integer, got {value!r}")
    return value


def _check_event_data(name: str, data: Any) -> None:
    if name == "input_event":
        if not isinstance(data, dict):
            raise RemoteProtocolError("input_event data must be an object")
        if data.get("event_name") not in INPUT_EVENT_NAMES:
            raise RemoteProtocolError(
                f"input_event event_name must be one of {sorted(INPUT_EVENT_NAMES)}, got {data.get('event_name')!r}"
            )
        if not isinstance(data.get("name"), str):
            raise RemoteProtocolError("input_event name must be a string")
    elif name == "from_submit":
        if not isinstance(data, dict):
            raise RemoteProtocolError("from_submit data must be an object of input values")
    elif name == "from_cancel":
        if data is not None:
            raise RemoteProtocolError("from_cancel data must be null")


def load_client_json(text: str | bytes, max_size: Optional[int] = None) -> dict[str, Any]:
    """Parse one client message into its JSON object; raise ``RemoteProtocolError`` if it is not one."""
    if max_size is not None and len(text) > max_size:
        raise RemoteProtocolError(f"message of {len(text)} bytes is larger than the limit of {max_size}")
    try:
        message = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RemoteProtocolError(f"message is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise RemoteProtocolError(f"message must be a JSON object, got {type(message).__name__}")
    return message


def message_from_json(message: dict[str, Any]) -> ClientMessage:
    """Check one parsed client message (an event or a pure acknowledgement)."""
    seq = _sequence_number(message, "seq")
    ack = _sequence_number(message, "ack")
    if "event" not in message:
        if ack is None:
            raise RemoteProtocolError("message has neither 'event' nor 'ack'")
        return ClientMessage(event=None, seq=None, ack=ack)
    name = message["event"]
    if name not in EVENT_NAMES:
        raise RemoteProtocolError(f"unknown event {name!r}; known events: {sorted(EVENT_NAMES)}")
    task_id = message.get("task_id")
    if not isinstance(task_id, str) or not task_id:
        raise RemoteProtocolError(f"{name} needs a non-empty string task_id, got {task_id!r}")
    data = message.get("data")
    _check_event_data(name, data)
    return ClientMessage(event=Event(name=name, task_id=task_id, data=data), seq=seq, ack=ack)


def decode_client_message(text: str | bytes, max_size: Optional[int] = None) -> ClientMessage:
    """Parse and check one client frame; raise ``RemoteProtocolError`` if it breaks the protocol."""
    return message_from_json(load_client_json(text, max_size))
