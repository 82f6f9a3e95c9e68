"""The shapes of what a browser sends, checked while the JSON is parsed (msgspec), and the limits.

Every field has its type and bounds here; a message that does not fit raises
``RemoteProtocolError`` with a short reason naming the field. Parsing refuses NaN/Infinity, numbers
out of range (``1e400``), invalid UTF-8 and lone surrogates; nesting deeper than ``MAX_DEPTH`` is
refused too. Unknown fields are ignored (a newer client may add some). See docs/protocol.md,
"Hostile input". Why msgspec: benchmarks/decode.py (2-8x faster than json.loads plus checks).
"""
from __future__ import annotations

from typing import Annotated, Any, Optional, TypeVar

import msgspec

from ..exceptions import RemoteProtocolError

# The largest sequence number or acknowledgement: JavaScript's largest exact integer.
MAX_SEQ = 2 ** 53 - 1
# At most this many chunks to one event (with 256 KiB chunks: 16 GiB, far above any max_payload_size).
MAX_CHUNK_COUNT = 65_536
# The longest task or callback id (the server issues "t12", "cb3").
MAX_TASK_ID = 64
# The deepest nesting of arrays and objects in an event's data (a form's values nest two or three).
MAX_DEPTH = 64
# The longest wait a long poll may ask for, in seconds (the server caps it lower: http_poll_cap).
MAX_WAIT = 3600.0

SeqNumber = Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]
TaskId = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TASK_ID)]


class ChunkWire(msgspec.Struct, frozen=True):
    """``{"chunk": {...}}``: one slice of a large event (protocol/chunks.py)."""

    seq: Annotated[int, msgspec.Meta(ge=1, le=MAX_SEQ)]
    index: Annotated[int, msgspec.Meta(ge=0, lt=MAX_CHUNK_COUNT)]
    count: Annotated[int, msgspec.Meta(ge=2, le=MAX_CHUNK_COUNT)]
    data: Annotated[str, msgspec.Meta(min_length=1)]
    # Declared by the first chunk only: the whole event's size, its task, the files' sizes per input.
    size: Optional[Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]] = None
    task_id: Optional[TaskId] = None
    files: Optional[Annotated[dict[str, Annotated[list[Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]],
                                                  msgspec.Meta(max_length=10_000)]],
                              msgspec.Meta(max_length=1000)]] = None


class MessageWire(msgspec.Struct, frozen=True):
    """One client message: an event, a pure acknowledgement, or a chunk."""

    event: Optional[str] = None
    task_id: Optional[TaskId] = None
    data: Any = None
    seq: Optional[SeqNumber] = None
    ack: Optional[SeqNumber] = None
    chunk: Optional[ChunkWire] = None


class BodyWire(msgspec.Struct, frozen=True):
    """The body of an HTTP-transport request."""

    ack: Optional[SeqNumber] = None
    wait: Optional[Annotated[float, msgspec.Meta(ge=0, le=MAX_WAIT)]] = None
    events: Optional[list[MessageWire]] = None
    chunk: Optional[ChunkWire] = None


T = TypeVar("T")
_decoders: dict[type[Any], Any] = {
    shape: msgspec.json.Decoder(shape) for shape in (ChunkWire, MessageWire, BodyWire)}


def _reason(exc: Exception, what: str = "message") -> str:
    text = str(exc)
    if isinstance(exc, msgspec.ValidationError):
        if " - at `" not in text:
            return f"{what} must be a JSON object: {text}"
        return text
    return f"{what} is not JSON (NaN and Infinity are not JSON numbers): {text}"


def decode_wire(text: str | bytes, shape: type[T], what: str = "message") -> T:
    """Parse ``text`` as ``shape`` (a Struct above); ``RemoteProtocolError`` if it does not fit."""
    try:
        value: T = _decoders[shape].decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise RemoteProtocolError(_reason(exc, what)) from None
    except RecursionError:
        raise RemoteProtocolError(f"{what} nests deeper than {MAX_DEPTH} levels") from None
    except UnicodeError:  # a str holding a lone surrogate, which no UTF-8 text can carry
        raise RemoteProtocolError(f"{what} is not valid Unicode text") from None
    return value


def convert_wire(value: Any, shape: type[T]) -> T:
    """Check an already parsed value against ``shape``; ``RemoteProtocolError`` if it does not fit."""
    try:
        return msgspec.convert(value, shape)
    except msgspec.ValidationError as exc:
        raise RemoteProtocolError(_reason(exc)) from None
    except RecursionError:
        raise RemoteProtocolError(f"message nests deeper than {MAX_DEPTH} levels") from None


def may_nest_deeper(text: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """False if ``text`` has too few brackets to nest past ``limit`` (then ``check_depth`` is moot).
    For a short text counting them is cheaper than walking what was parsed; a long one (an upload:
    one long string) is walked, which costs what it holds in arrays and objects, not its length."""
    if len(text) > 16_384:
        return True
    if isinstance(text, str):
        return text.count("[") + text.count("{") > limit
    return text.count(b"[") + text.count(b"{") > limit


def check_depth(value: Any, what: str = "data", limit: int = MAX_DEPTH) -> None:
    """Refuse ``value`` if its arrays/objects nest deeper than ``limit`` (no recursion: a loop)."""
    if not isinstance(value, (list, dict)):
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise RemoteProtocolError(f"{what} nests deeper than {limit} levels")
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, (list, dict)):
                stack.append((child, depth + 1))
