"""The body of an HTTP-transport request, checked whole before anything in it is applied.

``{"ack": n, "events": [...], "wait": s}`` or ``{"ack": n, "chunk": {...}, "wait": 0}`` (see
docs/protocol.md, "HTTP transport"). One bad part refuses the whole request (``RemoteProtocolError``,
answered 400 by the transport), so a request is applied entirely or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..exceptions import RemoteProtocolError
from .chunks import Chunk, chunk_from_wire
from .events import ClientMessage, message_from_wire
from .wire import BodyWire, decode_wire, may_nest_deeper


@dataclass(frozen=True)
class HttpBody:
    """What one request carries: the client's ack, its events or chunk, and how long it may wait."""

    ack: int
    wait: float
    messages: list[ClientMessage]
    chunk: Optional[Chunk]


def decode_http_body(text: bytes | str) -> HttpBody:
    """Parse and check a request body (empty: ``{}``); ``RemoteProtocolError`` names what is wrong."""
    wire = decode_wire(text or b"{}", BodyWire, "body")
    deep = may_nest_deeper(text)
    messages = []
    for index, event in enumerate(wire.events or ()):
        try:
            messages.append(message_from_wire(event, deep))
        except RemoteProtocolError as exc:
            raise RemoteProtocolError(f"events[{index}]: {exc}") from None
    chunk = None if wire.chunk is None else chunk_from_wire(wire.chunk)
    return HttpBody(ack=wire.ack or 0, wait=wire.wait or 0.0, messages=messages, chunk=chunk)


def poll_wait(wait: float, cap: float) -> float:
    """The seconds to hold a poll that asked for ``wait``: within ``[0, cap]``, 0 for NaN."""
    if not wait > 0:  # NaN too
        return 0.0
    return min(wait, cap) if cap > 0 else 0.0
