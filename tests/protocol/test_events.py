"""Layer 1: the sans-IO decoder accepts the events of manual §4.12 and rejects anything else."""
import json

import pytest

from webio.exceptions import RemoteProtocolError
from webio.protocol import decode_client_message


def encode(obj):
    return json.dumps(obj)


@pytest.mark.parametrize("event,data", [
    ("from_submit", {"name": "Ann"}),
    ("from_cancel", None),
    ("callback", 3),
    ("js_yield", {"any": ["thing"]}),
    ("input_event", {"event_name": "blur", "name": "age", "value": "12"}),
    ("input_event", {"event_name": "change", "name": "age", "value": "12"}),
])
def test_every_documented_event_decodes(event, data):
    message = decode_client_message(encode({"event": event, "task_id": "t1", "data": data, "seq": 4, "ack": 2}))
    assert (message.event.name, message.event.task_id, message.event.data) == (event, "t1", data)
    assert (message.seq, message.ack) == (4, 2)


def test_pure_ack():
    message = decode_client_message('{"ack": 9}')
    assert message.event is None and message.ack == 9 and message.seq is None


@pytest.mark.parametrize("text,reason", [
    ("not json", "not JSON"),
    ("[1, 2]", "JSON object"),
    ('{"seq": 1}', "neither"),
    ('{"event": "rm_rf", "task_id": "t"}', "unknown event"),
    ('{"event": "callback", "task_id": 5}', "task_id"),
    ('{"event": "callback"}', "task_id"),
    ('{"event": "from_submit", "task_id": "t", "data": [1]}', "object"),
    ('{"event": "from_cancel", "task_id": "t", "data": 1}', "null"),
    ('{"event": "input_event", "task_id": "t", "data": {"event_name": "x", "name": "a"}}', "event_name"),
    ('{"event": "input_event", "task_id": "t", "data": {"event_name": "blur", "name": 1}}', "name"),
    ('{"event": "callback", "task_id": "t", "seq": -1}', "seq"),
    ('{"event": "callback", "task_id": "t", "ack": "3"}', "ack"),
    ('{"event": "callback", "task_id": "t", "seq": true}', "seq"),
])
def test_malformed_messages_are_rejected_with_a_reason(text, reason):
    with pytest.raises(RemoteProtocolError, match=reason):
        decode_client_message(text)


def test_oversize_message_is_rejected_before_parsing():
    text = encode({"event": "js_yield", "task_id": "t", "data": "x" * 1000})
    with pytest.raises(RemoteProtocolError, match="larger than the limit"):
        decode_client_message(text, max_size=100)
    assert decode_client_message(text, max_size=10_000).event.data == "x" * 1000
