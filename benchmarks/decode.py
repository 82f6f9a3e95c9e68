"""Decoding client messages: the checks before issue 11, a typed msgspec decoder, pydantic, and the
decoder webio uses now. ``python -m benchmarks.decode [--seconds S]``.

Each candidate parses and checks the same messages (a typed character, a form submit, a callback,
a pure acknowledgement, an HTTP body with three events, a 1 MiB upload, one 256 KiB chunk) and the
table shows microseconds per message (best of seven runs, the candidates taking turns). No server: only the decoding is timed.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import time
from typing import Annotated, Any, Callable, Literal, Optional

import msgspec

from webio_core.exceptions import RemoteProtocolError
from webio_core.protocol.events import ClientMessage, Event
from webio_core.protocol.chunks import decode_message_or_chunk
from webio_core.protocol.http_body import decode_http_body

EVENT_NAMES = frozenset({"input_event", "callback", "from_submit", "from_cancel", "js_yield"})
MAX_SEQ = 2 ** 53


# ----------------------------------------------------------------------------- before issue 11
def _old_sequence_number(message: dict[str, Any], key: str) -> Optional[int]:
    value = message.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RemoteProtocolError(f"'{key}' must be a non-negative integer, got {value!r}")
    return value


def old_check(message: Any) -> Any:
    """The hand-written checks of protocol/events.py before issue 11, on a parsed message (they
    built the same ClientMessage/Event as today)."""
    if not isinstance(message, dict):
        raise RemoteProtocolError("not an object")
    seq = _old_sequence_number(message, "seq")
    ack = _old_sequence_number(message, "ack")
    if "event" not in message:
        return ClientMessage(event=None, seq=None, ack=ack)
    name = message["event"]
    if name not in EVENT_NAMES:
        raise RemoteProtocolError("unknown event")
    task_id = message.get("task_id")
    if not isinstance(task_id, str) or not task_id:
        raise RemoteProtocolError("task_id")
    data = message.get("data")
    if name == "input_event":
        if not isinstance(data, dict) or data.get("event_name") not in ("blur", "change"):
            raise RemoteProtocolError("input_event")
        if not isinstance(data.get("name"), str):
            raise RemoteProtocolError("input_event name")
    elif name == "from_submit" and not isinstance(data, dict):
        raise RemoteProtocolError("from_submit")
    return ClientMessage(event=Event(name=name, task_id=task_id, data=data), seq=seq, ack=ack)


def old_decode(text: bytes) -> Any:
    """A WebSocket message as decoded before issue 11: json.loads, then the checks."""
    return old_check(json.loads(text))


def old_decode_body(text: bytes) -> Any:
    """An HTTP body as read before issue 11 (transport/http.py ``_read_body``), events checked."""
    body = json.loads(text)
    ack = int(body.get("ack") or 0)
    wait = float(body.get("wait") or 0)
    return ack, wait, [old_check(raw) for raw in body.get("events") or []]


# ----------------------------------------------------------------------------- typed decoders
Name = Literal["input_event", "callback", "from_submit", "from_cancel", "js_yield"]


class MsgspecChunk(msgspec.Struct):
    seq: int
    index: int
    count: int
    data: str


class MsgspecMessage(msgspec.Struct):
    event: Optional[Name] = None
    task_id: Optional[str] = None
    data: Any = None
    seq: Optional[Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]] = None
    ack: Optional[Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]] = None
    chunk: Optional[MsgspecChunk] = None


class MsgspecBody(msgspec.Struct):
    ack: Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)] = 0
    wait: Annotated[float, msgspec.Meta(ge=0, le=86400)] = 0
    events: list[MsgspecMessage] = []
    chunk: Optional[MsgspecChunk] = None


_msgspec_message = msgspec.json.Decoder(MsgspecMessage)
_msgspec_body = msgspec.json.Decoder(MsgspecBody)


def _pydantic() -> tuple[Callable[[bytes], Any], Callable[[bytes], Any]] | None:
    """pydantic's (message, body) decoders, or None if pydantic is not installed (it is optional)."""
    try:
        import pydantic
    except ImportError:
        return None

    class PydanticChunk(pydantic.BaseModel):
        seq: int
        index: int
        count: int
        data: str

    class PydanticMessage(pydantic.BaseModel):
        event: Optional[Name] = None
        task_id: Optional[str] = None
        data: Any = None
        seq: Optional[int] = None
        ack: Optional[int] = None
        chunk: Optional[PydanticChunk] = None

    class PydanticBody(pydantic.BaseModel):
        ack: int = 0
        wait: float = 0
        events: list[PydanticMessage] = []
        chunk: Optional[PydanticChunk] = None

    return PydanticMessage.model_validate_json, PydanticBody.model_validate_json


_PYDANTIC = _pydantic()


# ----------------------------------------------------------------------------- messages
def _messages() -> dict[str, tuple[bytes, bool]]:
    """name -> (JSON text, is an HTTP body)."""
    upload = base64.b64encode(os.urandom(768 * 1024)).decode()
    submit = {"event": "from_submit", "task_id": "t12", "seq": 8, "ack": 30,
              "data": {"name": "Ada Lovelace", "age": 36, "langs": [0, 2], "agree": True}}
    return {
        "input_event (typing)": (json.dumps({"event": "input_event", "task_id": "t12", "seq": 7, "ack": 30, "data": {
            "event_name": "change", "name": "name", "value": "Ada Lovel"}}).encode(), False),
        "from_submit (form)": (json.dumps(submit).encode(), False),
        "callback (button)": (json.dumps({"event": "callback", "task_id": "cb3", "data": 1, "seq": 9,
                                          "ack": 31}).encode(), False),
        "pure ack": (b'{"ack":31}', False),
        "HTTP body, 3 events": (json.dumps({"ack": 31, "wait": 0, "events": [submit, submit, submit]}).encode(), True),
        "from_submit, 1 MiB file": (json.dumps({**submit, "data": {"file": {
            "filename": "a.bin", "content": upload, "mime_type": "application/octet-stream",
            "last_modified": 1.7e12}}}).encode(), False),
        "chunk, 256 KiB": (json.dumps({"chunk": {"seq": 4, "index": 1, "count": 5,
                                                 "data": upload[: 256 * 1024 - 100]}}).encode(), False),
    }


def _candidates(is_body: bool) -> dict[str, Callable[[bytes], Any]]:
    candidates: dict[str, Callable[[bytes], Any]] = {
        "before issue 11": old_decode_body if is_body else old_decode,
        "msgspec Struct": _msgspec_body.decode if is_body else _msgspec_message.decode,
    }
    if _PYDANTIC is not None:
        candidates["pydantic"] = _PYDANTIC[1] if is_body else _PYDANTIC[0]
    candidates["webio now"] = decode_http_body if is_body else decode_message_or_chunk
    return candidates


def times_per_call(calls: list[Callable[[bytes], Any]], text: bytes, seconds: float,
                   runs: int = 7) -> list[float]:
    """CPU microseconds per call of each candidate (process time: the time spent waiting for a core
    on a busy machine does not count): the best of ``runs`` runs, the candidates taking turns."""
    best = [float("inf")] * len(calls)
    for _ in range(runs):
        for position, call in enumerate(calls):
            count, started = 0, time.process_time()
            deadline = started + seconds / runs / len(calls)
            while True:
                for _ in range(10):
                    call(text)
                count += 10
                now = time.process_time()
                if now >= deadline:
                    break
            best[position] = min(best[position], (now - started) / count * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="time per message (all candidates)")
    args = parser.parse_args()
    names = list(_candidates(False))
    print(f"| message | bytes | {' | '.join(names)} |")
    print("|---|---:|" + "---:|" * len(names))
    for label, (text, is_body) in _messages().items():
        times = times_per_call(list(_candidates(is_body).values()), text, args.seconds)
        cells = [f"{value:.1f}" for value in times]
        print(f"| {label} | {len(text):,} | {' | '.join(cells)} |")
    print(f"\nCPU microseconds per message; msgspec {msgspec.__version__}"
          + ("" if _PYDANTIC is not None else " (pydantic not installed: pip install pydantic to compare)"))


if __name__ == "__main__":
    main()
