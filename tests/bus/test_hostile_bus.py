"""What a worker does with bus traffic it did not expect, over each bus: malformed inbox messages,
events a browser could not send either, and outbox entries written by someone other than the
owner. Each is refused with a log line; the inbox reader, the session and its tab go on.
(The same against two real worker processes: tests/conformance/test_hostile_workers.py.)"""
from __future__ import annotations

import json
import logging
import secrets
import uuid
from typing import Any, Optional

import pytest

from tests.bus.test_routing import Workers, open_session, workers  # noqa: F401 (a fixture)
from tests.redis_server import RedisServer
from webio.bus import RedisBus, RoutingRegistry, wire
from webio.bus.base import BusError
from webio.exceptions import RemoteProtocolError
from webio.protocol.events import ClientMessage, Event
from webio.session.ids import new_worker_id


def test_an_op_that_is_not_a_string_does_not_stop_the_inbox_reader(workers: Workers,  # noqa: F811
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    tab.submit(other, "before")
    with caplog.at_level(logging.WARNING, logger="webio.bus"):
        for op in (["watch"], {"a": 1}, None, 7):
            for worker in (owner, other):  # the owner's inbox, and the inbox of a worker following the session
                worker.bus.send(worker.worker_id, {"op": op, "sid": tab.session_id, "from": other.worker_id})
        tab.submit(other, "after")  # both inbox readers still run: the request and its answer crossed them
    assert tab.texts == ["Hello before", "Hello after"]
    refused = [r.getMessage() for r in caplog.records if "'op' must be a string" in r.getMessage()]
    assert len(refused) == 8, refused
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_event_far_ahead_is_refused_at_the_worker_that_received_it_and_at_the_owner(
        workers: Workers, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    owner, other = workers(2)
    tab = open_session(owner)
    tab.submit(other, "before")
    proxy = other.get(tab.session_id)
    assert proxy is not None
    far = ClientMessage(event=Event("from_submit", tab.form_task(), {"data": "far"}), seq=tab.seq + 1_000_000, ack=None)
    with pytest.raises(RemoteProtocolError, match="far ahead"):  # as a session of this worker would
        proxy.receive(far)
    with caplog.at_level(logging.WARNING, logger="webio.bus"):
        # the same event put on the bus directly: the owner refuses it as from a browser, no traceback,
        # and answers the request (its viewer does not wait for it for ever)
        other.bus.send(owner.worker_id, {"op": "receive", "sid": tab.session_id, "from": other.worker_id, "rid": "r1",
                                         "msg": wire.client_message_json(far)})
        tab.submit(other, "after")
    assert tab.texts == ["Hello before", "Hello after"]
    assert any("refused an event from the bus" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


FRAME = json.dumps({"seq": 3, "commands": []})


@pytest.mark.parametrize("position, entry, newest, refused", [
    ((3, 0), {"k": "f", "seq": 3, "text": FRAME}, 2, None),
    ((3, 1), {"k": "f", "seq": 3, "text": FRAME}, 2, "not (3, 0)"),
    ((4, 0), {"k": "f", "seq": 4, "text": FRAME}, 3, "not a JSON frame of that seq"),
    ((3, 0), {"k": "f", "seq": 3, "text": "[" * 100_000}, 2, "not a JSON frame"),
    ((3, 0), {"k": "f", "seq": 3, "text": '{"commands": {}}'}, 2, "not a JSON frame"),
    ((10 ** 12, 0), {"k": "f", "seq": 10 ** 12, "text": json.dumps({"seq": 10 ** 12, "commands": []})}, 5,
     "far past the newest frame"),
    ((10 ** 12, 0), {"k": "f", "seq": 10 ** 12, "text": json.dumps({"seq": 10 ** 12, "commands": []})}, None, None),
    ((3, 2), {"k": "s", "last_frame_seq": 3}, 3, None),
    ((3, 0), {"k": "s", "last_frame_seq": 3}, 3, "state note at outbox position"),
    ((9, 1), {"k": "s", "last_frame_seq": 3}, 3, "state note at outbox position"),
    ((3, 1), {"k": "s", "last_frame_seq": "3"}, 3, "non-negative integer"),
    ((3, 1), {"k": ["s"]}, 3, "unknown outbox entry kind"),
    ((3, 1), {}, 3, "unknown outbox entry kind"),
])
def test_an_outbox_entry_is_taken_only_where_its_owner_would_have_written_it(
        position: tuple[int, int], entry: dict[str, Any], newest: Optional[int], refused: Optional[str]) -> None:
    if refused is None:
        assert wire.check_entry_at(position, entry, newest) == entry["k"]
    else:
        with pytest.raises(BusError, match=refused.replace("(", r"\(").replace(")", r"\)")):
            wire.check_entry_at(position, entry, newest)


def test_a_state_note_may_only_carry_the_known_info_fields() -> None:
    note = wire.state_note(closed=False, attachment=wire.Attachment.ATTACHED, idle=True, last_event_seq=1,
                           last_frame_seq=1, done=[], info={"user_language": "de"})
    assert wire.State(note).info == {"user_language": "de"}
    with pytest.raises(BusError, match="'info' must map some of"):
        wire.State({**note, "info": {"user_language": "de", "request": "x"}})


def test_entries_someone_else_wrote_into_an_outbox_do_not_wedge_it(workers: Workers,  # noqa: F811
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    tab.submit(other, "before")
    bus = owner.bus
    with caplog.at_level(logging.WARNING, logger="webio.bus"):
        # far above where the owner writes next: every later position it takes is refused by the bus
        bus.publish(tab.session_id, (10 ** 9, 0), {"k": "f", "seq": 10 ** 9, "text": json.dumps({"seq": 10 ** 9,
                                                                                                "commands": []})})
        bus.publish(tab.session_id, (10 ** 9, 1), {"k": "s", "closed": True})
        bus.send(other.worker_id, {"op": "changed", "sid": tab.session_id})  # the viewer reads them, and refuses them
        for name in ("Ada", "Grace", "Linus"):
            tab.submit(other, name)
    assert tab.texts == ["Hello before", "Hello Ada", "Hello Grace", "Hello Linus"]
    assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))  # nothing lost, nothing twice
    messages = [r.getMessage() for r in caplog.records]
    assert any("dropped an outbox entry" in m for m in messages), messages
    assert any("holds entries this worker did not write" in m for m in messages), messages


def test_a_redis_key_of_the_wrong_type_is_cleared_and_the_session_goes_on(redis_server: RedisServer,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    """An inbox or an outbox overwritten with a plain string (Redis answers WRONGTYPE to every stream
    command): the worker whose inbox it is clears it, the owner writes the outbox again."""
    bus = RedisBus.from_url(redis_server.url, prefix=f"t{uuid.uuid4().hex[:8]}:")
    owner, other = [RoutingRegistry(bus, worker_id=new_worker_id(), start=True) for _ in range(2)]
    try:
        tab = open_session(owner)
        tab.submit(other, "before")
        with caplog.at_level(logging.WARNING, logger="webio.bus"):
            bus.client.set(f"{bus.prefix}in:{other.worker_id}", "not a stream")
            bus.client.set(f"{bus.prefix}out:{tab.session_id}", "not a stream")
            tab.submit(other, "after")
            tab.submit(other, "and after")
        assert tab.texts == ["Hello before", "Hello after", "Hello and after"]
        assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))
        messages = [r.getMessage() for r in caplog.records]
        assert any("is not a stream" in m for m in messages), messages
        assert any("cannot be read; it is written again" in m for m in messages), messages
    finally:
        for registry in (owner, other):
            registry.close()
        bus.close()


def test_ids_made_up_from_an_owner_id_get_the_closed_answer_and_leave_nothing_behind(workers: Workers) -> None:  # noqa: F811
    owner, other = workers(2)
    tab = open_session(owner)
    tab.submit(other, "before")
    assert other.node.remote_count == 1  # the real session, followed
    for _ in range(50):
        forged = f"{owner.worker_id}.{secrets.token_urlsafe(24)}"
        port = other.get(forged)
        assert port is not None and port.closed  # the tab is told its session is closed, nothing more
        assert [json.loads(frame.text)["commands"][-1]["command"] for frame in port.replay(0)] == ["close_session"]
    assert other.node.remote_count == 1  # no proxy kept for any of them
    tab.submit(other, "after")
    assert tab.texts == ["Hello before", "Hello after"]
