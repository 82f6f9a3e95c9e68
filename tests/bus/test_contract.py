"""What every bus promises (webio.bus.base), checked on in-process, Redis and the Channels layer."""
from __future__ import annotations

import threading
import time

import pytest

from tests.bus.conftest import BusFactory
from webio.bus import START, BusError
from webio.bus.base import Bus
from webio.session.ids import new_session_id, new_worker_id


def receive_all(bus: Bus, worker: str, count: int, seconds: float = 10) -> list[dict[str, object]]:
    got: list[dict[str, object]] = []
    deadline = time.monotonic() + seconds
    while len(got) < count and time.monotonic() < deadline:
        got.extend(bus.receive(worker, 0.2))
    return got


def test_inbox_keeps_order_and_each_worker_gets_only_its_messages(bus: Bus) -> None:
    first, second = new_worker_id(), new_worker_id()
    for n in range(30):
        bus.send(first, {"op": "event", "n": n, "text": "é✓"})
    bus.send(second, {"op": "other"})
    assert receive_all(bus, first, 30) == [{"op": "event", "n": n, "text": "é✓"} for n in range(30)]
    assert receive_all(bus, second, 1) == [{"op": "other"}]
    assert bus.receive(first, 0.05) == []  # read messages are gone


def test_a_blocked_receive_wakes_up_for_a_message_sent_meanwhile(bus: Bus) -> None:
    worker = new_worker_id()
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.extend(bus.receive(worker, 10)))
    reader.start()
    time.sleep(0.2)
    bus.send(worker, {"op": "wake"})
    reader.join(10)
    assert got == [{"op": "wake"}]


def test_outbox_is_read_again_from_any_position_and_trimmed(bus: Bus) -> None:
    sid = new_session_id()
    entries = [((0, 1), {"k": "s", "idle": False}), ((1, 0), {"k": "f", "seq": 1, "text": "one é✓ 😀"}),
               ((1, 1), {"k": "s", "idle": True}), ((2, 0), {"k": "f", "seq": 2, "text": "two"})]
    for position, entry in entries:
        bus.publish(sid, position, entry)
    assert bus.read(sid, START) == entries
    assert bus.read(sid, (1, 0)) == entries[2:]  # a second reader, from its own place
    assert bus.read(sid, START) == entries      # reading takes nothing away
    bus.trim(sid, (2, 0))
    assert bus.read(sid, START) == entries[3:]
    assert bus.read(new_session_id(), START) == []
    bus.drop(sid)
    assert bus.read(sid, START) == []


def test_outbox_positions_only_grow(bus: Bus) -> None:
    sid = new_session_id()
    bus.publish(sid, (3, 0), {"k": "f"})
    with pytest.raises(BusError):
        bus.publish(sid, (2, 5), {"k": "f"})
    assert bus.read(sid) == [((3, 0), {"k": "f"})]


def test_a_blocked_read_wakes_up_for_an_entry_published_meanwhile(bus: Bus) -> None:
    sid = new_session_id()
    bus.publish(sid, (1, 0), {"n": 1})
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.extend(bus.read(sid, (1, 0), timeout=10)))
    reader.start()
    time.sleep(0.2)
    bus.publish(sid, (1, 1), {"n": 2})
    reader.join(10)
    assert got == [((1, 1), {"n": 2})]


def test_outboxes_expire(make_bus: BusFactory) -> None:
    bus = make_bus(outbox_ttl=1)
    sid = new_session_id()
    bus.publish(sid, (1, 0), {"n": 1})
    assert bus.read(sid) == [((1, 0), {"n": 1})]
    time.sleep(2.2)
    assert bus.read(sid) == []


def test_a_stopped_heartbeat_is_noticed_within_its_ttl(bus: Bus) -> None:
    worker, never_seen = new_worker_id(), new_worker_id()
    bus.beat(worker, 1.0)
    assert bus.is_alive(worker)
    assert not bus.is_alive(never_seen)
    time.sleep(0.5)
    bus.beat(worker, 1.0)  # still beating: still alive after the first ttl
    time.sleep(0.7)
    assert bus.is_alive(worker)
    time.sleep(1.5)  # the beats stopped (the process died): gone within a second
    assert not bus.is_alive(worker)


def test_a_worker_that_stops_says_so_at_once(bus: Bus) -> None:
    worker = new_worker_id()
    bus.beat(worker, 60)
    bus.forget(worker)
    assert not bus.is_alive(worker)


def test_a_message_too_large_for_the_reader_is_dropped_and_the_next_one_arrives(make_bus: BusFactory) -> None:
    bus = make_bus(max_message_bytes=1000)
    worker = new_worker_id()
    bus.send(worker, {"op": "big", "data": "x" * 2000})
    bus.send(worker, {"op": "small"})
    assert receive_all(bus, worker, 1) == [{"op": "small"}]
    sid = new_session_id()
    bus.publish(sid, (1, 0), {"text": "x" * 2000})
    bus.publish(sid, (2, 0), {"text": "ok"})
    assert bus.read(sid) == [((2, 0), {"text": "ok"})]


def test_only_json_travels(bus: Bus) -> None:
    with pytest.raises(TypeError):
        bus.send(new_worker_id(), {"op": object()})
    with pytest.raises(ValueError):
        bus.send(new_worker_id(), {"op": float("nan")})


def test_batches_keep_order_and_trim_after_publishing(bus: Bus) -> None:
    worker, sid = new_worker_id(), new_session_id()
    bus.send(worker, {"n": 0})
    bus.send_many(worker, [{"n": 1}, {"n": 2}, {"n": 3}])
    assert receive_all(bus, worker, 4) == [{"n": n} for n in range(4)]
    bus.publish_many(sid, [((1, 0), {"f": 1}), ((1, 1), {"s": 1})])
    bus.publish_many(sid, [((2, 0), {"f": 2}), ((2, 1), {"s": 2})], trim_before=(2, 0))
    assert bus.read(sid) == [((2, 0), {"f": 2}), ((2, 1), {"s": 2})]
    bus.publish_many(sid, [], trim_before=(2, 1))
    assert bus.read(sid) == [((2, 1), {"s": 2})]


def test_a_publish_tells_the_watchers_once_its_entries_are_stored(bus: Bus) -> None:
    worker, sid = new_worker_id(), new_session_id()
    seen: list[tuple[dict[str, object], list[object]]] = []

    def watcher() -> None:  # reads the outbox as soon as the note arrives
        for note in receive_all(bus, worker, 1):
            seen.append((note, list(bus.read(sid))))

    thread = threading.Thread(target=watcher)
    thread.start()
    time.sleep(0.1)
    entries = [((1, 0), {"f": 1}), ((1, 1), {"s": 1})]
    bus.publish_many(sid, entries, notify=[(worker, {"op": "changed", "sid": sid})])
    thread.join(10)
    assert seen == [({"op": "changed", "sid": sid}, entries)]
