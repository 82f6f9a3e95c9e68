"""The sans-IO pieces of hostile-input handling: bounds of the decoder, the seq window, ids never
issued, the wait of a poll, the log budget; and a session that a hostile seq no longer wedges."""
from __future__ import annotations

import json
import logging
import math
import threading

import pytest

from webio.exceptions import RemoteProtocolError
from webio.protocol import decode_client_message, decode_message_or_chunk
from webio.protocol.events import MAX_SEQ_GAP, check_event_seqs, never_issued
from webio.protocol.http_body import decode_http_body, poll_wait
from webio.protocol.ratelimit import LogBudget
from webio.protocol.wire import MAX_DEPTH, MAX_SEQ
from webio.session import ThreadSession
from webio_core.rejections import log_rejected, reset_log_budget


@pytest.mark.parametrize("text,reason", [
    ('{"event": ["js_yield"], "task_id": "t1"}', "event"),
    ('{"event": {"a": 1}, "task_id": "t1"}', "event"),
    ('{"event": "input_event", "task_id": "t1", "data": {"event_name": ["change"], "name": "x"}}', "event_name"),
    ('{"event": "input_event", "task_id": "t1", "data": {"event_name": {}, "name": "x"}}', "event_name"),
    ('{"ack": 1e400}', "ack"),
    ('{"ack": NaN}', "not JSON"),
    ('{"event": "js_yield", "task_id": "t1", "data": Infinity}', "not JSON"),
    ('{"event": "js_yield", "task_id": "t1", "data": 1e400}', "out of range"),
    ('{"event": "js_yield", "task_id": "t1", "seq": %d}' % 10 ** 30, "seq"),
    ('{"event": "js_yield", "task_id": "t1", "seq": %d}' % (MAX_SEQ + 1), "seq"),
    ('{"event": "js_yield", "task_id": "%s"}' % ("t" * 65), "task_id"),
    ('{"event": "js_yield", "task_id": "t1", "data": "\\ud800"}', "JSON"),
    ("[" * 100_000 + "]" * 100_000, "JSON object"),
    ('{"zzz": ' * 100_000 + "1" + "}" * 100_000, "deeper"),
    ('{"event": "js_yield", "task_id": "t1", "data": %s}' % ("[" * 100_000 + "]" * 100_000), "deeper"),
    ('{"event": "js_yield", "task_id": "t1", "data": %s}' % ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)), "deeper"),
    ('{"chunk": {"seq": 1, "index": 0, "count": %d, "data": "x"}}' % 10 ** 30, "count"),
    ('{"chunk": {"seq": 1, "index": 2, "count": 2, "data": "x"}}', "index"),
])
def test_hostile_messages_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(RemoteProtocolError, match=reason):
        decode_message_or_chunk(text)


def test_data_as_deep_as_the_limit_and_the_largest_seq_are_accepted() -> None:
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    message = decode_client_message('{"event": "js_yield", "task_id": "t1", "data": %s, "seq": %d}' % (nested, MAX_SEQ))
    assert message.seq == MAX_SEQ and isinstance(message.event.data, list)  # type: ignore[union-attr]


@pytest.mark.parametrize("body,reason", [
    (b'{"ack": 1e400}', "ack"), (b'{"wait": NaN}', "NaN"), (b'{"wait": 1e9}', "wait"), (b'{"wait": -1}', "wait"),
    (b'{"events": {"event": "callback"}}', "events"), (b'{"events": [{"event": 5, "task_id": "t"}]}', "events"),
    (b'{"events": [{"event": "callback", "task_id": "t"}, {"event": "rm", "task_id": "t"}]}', r"events\[1\]"),
    (b'{"chunk": {"seq": 1, "index": 0, "count": 1, "data": "x"}}', "count"), (b"\xff", "JSON"),
])
def test_a_hostile_http_body_is_refused_whole(body: bytes, reason: str) -> None:
    with pytest.raises(RemoteProtocolError, match=reason):
        decode_http_body(body)


def test_an_http_body_reads_its_fields() -> None:
    body = decode_http_body(b'{"ack": 3, "wait": 20, "events": [{"event": "callback", "task_id": "cb1", "seq": 2}]}')
    assert (body.ack, body.wait, body.chunk) == (3, 20.0, None)
    assert body.messages[0].event.task_id == "cb1"  # type: ignore[union-attr]
    empty = decode_http_body(b"")
    assert (empty.ack, empty.wait, empty.messages) == (0, 0.0, [])


def test_a_poll_waits_within_the_cap_and_not_at_all_for_nan() -> None:
    assert poll_wait(5, 20) == 5 and poll_wait(500, 20) == 20
    assert poll_wait(-3, 20) == 0 and poll_wait(math.nan, 20) == 0 and poll_wait(math.inf, 20) == 20


def test_a_seq_far_ahead_cannot_belong_to_the_session() -> None:
    check_event_seqs(10, [11, 12, 10 + MAX_SEQ_GAP])
    with pytest.raises(RemoteProtocolError, match="far ahead"):
        check_event_seqs(10, [11, 11 + MAX_SEQ_GAP + 1])
    check_event_seqs(0, [None, 3])


def test_ids_never_issued() -> None:
    assert not never_issued("t3", 5) and not never_issued("cb5", 5)
    assert never_issued("t6", 5) and never_issued("x1", 5) and never_issued("t", 5) and never_issued("t-1", 5)


def test_the_log_budget_allows_a_burst_then_a_line_a_second_and_counts_the_rest() -> None:
    budget = LogBudget(rate=1.0, burst=3)
    assert [budget.take("bad", now=0.0)[0] for _ in range(5)] == [True, True, True, False, False]
    assert budget.take("other", now=0.0) == (True, 0)  # each reason has its own bucket
    assert budget.take("bad", now=0.5) == (False, 0)
    assert budget.take("bad", now=1.5) == (True, 3)  # three held back since the last line
    assert budget.take("bad", now=1.6) == (False, 0)


def test_a_flood_of_rejections_writes_a_few_lines(caplog: pytest.LogCaptureFixture) -> None:
    reset_log_budget()
    logger = logging.getLogger("webio.test.flood")
    with caplog.at_level(logging.WARNING, logger="webio.test.flood"):
        written = sum(log_rejected(logger, "bad", "rejected garbage %d", n) for n in range(10_000))
    assert written == len(caplog.records) <= 12
    assert all(record.getMessage().startswith("rejected garbage") for record in caplog.records)
    assert caplog.records[0].pathname.endswith("test_hostile_input.py")  # the caller's line, not the helper's


def _app_waiting_forever() -> None:
    threading.Event().wait(30)


def test_a_huge_seq_no_longer_wedges_the_session() -> None:
    session = ThreadSession(None)
    try:
        with pytest.raises(RemoteProtocolError, match="far ahead"):
            session.receive(decode_client_message(json.dumps({"event": "callback", "task_id": "cb1", "seq": 2 ** 40})))
        assert session.last_event_seq == 0
        assert session.receive(decode_client_message('{"event": "callback", "task_id": "cb1", "seq": 1}'))
        assert session.last_event_seq == 1  # later events are still taken
    finally:
        session.close()


def test_an_event_for_a_task_that_never_existed_is_logged_as_hostile(caplog: pytest.LogCaptureFixture) -> None:
    reset_log_budget()
    session = ThreadSession(None)
    task = session.open_task()
    session.close_task(task)
    try:
        with caplog.at_level(logging.INFO, logger="webio.session"):
            session.receive(decode_client_message('{"event": "js_yield", "task_id": "t99", "seq": 1}'))
            session.receive(decode_client_message('{"event": "js_yield", "task_id": "%s", "seq": 2}' % task))
        lines = [(record.levelno, record.getMessage()) for record in caplog.records]
        assert lines[0][0] == logging.WARNING and "never existed" in lines[0][1]
        assert lines[1][0] == logging.INFO and "finished task" in lines[1][1]
    finally:
        session.close()
