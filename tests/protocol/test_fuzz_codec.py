"""Fuzzing the codec: whatever a client sends, decoding either gives a message whose every field
has its type and bounds, or raises ``RemoteProtocolError``; never another exception."""
from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.protocol.fuzzing import MESSAGES, fuzz_settings, hostile_texts
from webio_core.exceptions import RemoteProtocolError
from webio_core.protocol import Chunk, ClientMessage, decode_message_or_chunk
from webio_core.protocol.events import EVENT_NAMES
from webio_core.protocol.http_body import HttpBody, decode_http_body
from webio_core.protocol.wire import MAX_DEPTH, MAX_SEQ, MAX_WAIT

VALID = [
    {"event": "from_submit", "task_id": "t1", "data": {"name": "Ada", "age": 3}, "seq": 1, "ack": 2},
    {"event": "input_event", "task_id": "t1", "data": {"event_name": "change", "name": "name", "value": "A"},
     "seq": 2, "ack": 2},
    {"event": "callback", "task_id": "cb1", "data": 0, "seq": 3},
    {"event": "from_cancel", "task_id": "t1", "data": None, "seq": 4},
    {"event": "js_yield", "task_id": "t2", "data": [1, {"a": "b"}], "seq": 5},
    {"ack": 7},
    {"chunk": {"seq": 6, "index": 1, "count": 3, "data": "{\"ev"}},
]


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(map(finite, value.values()))
    if isinstance(value, list):
        return all(map(finite, value))
    return True


def check_message(message: ClientMessage) -> None:
    for number in (message.seq, message.ack):
        assert number is None or (type(number) is int and 0 <= number <= MAX_SEQ)
    if message.event is not None:
        assert message.event.name in EVENT_NAMES
        assert isinstance(message.event.task_id, str) and 0 < len(message.event.task_id) <= 64
        assert depth(message.event.data) <= MAX_DEPTH and finite(message.event.data)
        if message.event.name == "input_event":
            assert message.event.data["event_name"] in ("blur", "change")
    else:
        assert message.ack is not None


@pytest.mark.timeout(180 + MESSAGES // 50)
@fuzz_settings(MESSAGES // 10)
@given(hostile_texts(VALID))
def test_a_hostile_message_decodes_to_a_checked_message_or_is_rejected(text: str) -> None:
    for form in (text, text.encode("utf-8", "surrogatepass")):
        try:
            decoded = decode_message_or_chunk(form)
        except RemoteProtocolError as exc:
            assert str(exc)  # a reason to log
            continue
        if isinstance(decoded, Chunk):
            assert 0 <= decoded.index < decoded.count and decoded.data and decoded.seq >= 1
        else:
            check_message(decoded)


@fuzz_settings(MESSAGES // 10)
@given(st.lists(hostile_texts(VALID), max_size=3), st.sampled_from(["0", "7", "1e400", "NaN", "-1", '"3"', "null"]),
       st.sampled_from(["0", "20", "1e400", "NaN", "Infinity", "-5", "1e9", '"x"', "null", "[]"]))
def test_a_hostile_http_body_is_read_whole_or_rejected(events: list[str], ack: str, wait: str) -> None:
    text = '{"ack": %s, "events": [%s], "wait": %s}' % (ack, ",".join(events), wait)
    try:
        body = decode_http_body(text.encode("utf-8", "surrogatepass"))
    except RemoteProtocolError:
        return
    assert isinstance(body, HttpBody)
    assert type(body.ack) is int and 0 <= body.ack <= MAX_SEQ
    assert math.isfinite(body.wait) and 0 <= body.wait <= MAX_WAIT
    for message in body.messages:
        check_message(message)


@fuzz_settings(MESSAGES // 10)
@given(st.binary(max_size=200))
def test_random_bytes_are_rejected_or_decoded_never_an_exception(raw: bytes) -> None:
    for decode in (decode_message_or_chunk, decode_http_body):
        try:
            decode(raw)
        except RemoteProtocolError:
            pass


def test_the_valid_messages_of_the_fuzzer_decode() -> None:
    for message in VALID:
        decode_message_or_chunk(json.dumps(message))
