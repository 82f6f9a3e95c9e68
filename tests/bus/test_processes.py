"""Routing to an owner in another process through a real Redis, and noticing when it is killed."""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import threading
import time
import uuid

import pytest
import redis

from tests.bus.tab import Tab
from tests.redis_server import RedisServer
from webio.bus.redis import RedisBus
from webio.bus.routing import RoutingRegistry
from webio.session.ids import new_worker_id, owner_of


def test_a_session_in_another_process_is_served_here_until_its_process_is_killed(redis_server: RedisServer) -> None:
    from tests.bus.owner_process import serve

    prefix = f"p{uuid.uuid4().hex[:8]}:"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    owner = context.Process(target=serve, args=(redis_server.url, prefix, queue), daemon=True)
    owner.start()
    here = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), heartbeat_ttl=1.0)
    try:
        session_id, owner_worker = queue.get(timeout=60)
        assert owner_of(session_id) == owner_worker != here.worker_id
        tab = Tab(session_id)
        tab.wait_for(here, lambda t: any(c["command"] == "input_group" for c in t.commands))
        for name in ("Ada", "Grace", "Linus"):
            tab.submit(here, name)
        assert tab.texts == [f"Hello {name} from the owner" for name in ("Ada", "Grace", "Linus")]
        assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))
        assert len(here) == 0  # nothing of the session lives in this process

        os.kill(owner.pid, signal.SIGKILL)
        killed = time.monotonic()
        tab.wait_for(here, lambda t: t.closed, seconds=10)
        assert time.monotonic() - killed < 5
        toasts = [c["spec"]["content"] for c in tab.commands if c["command"] == "toast"]
        assert toasts and "stopped" in toasts[-1]  # the tab was told why
        here.node.purge_closed(0)
        assert here.get(session_id) is None
        refusal = here.refusal(session_id)
        assert refusal is not None and refusal.kind == "owner-gone"
    finally:
        if owner.is_alive():
            owner.kill()
        owner.join(10)
        here.close()


def test_redis_going_away_is_logged_and_routing_resumes_when_it_is_back(caplog: pytest.LogCaptureFixture) -> None:
    from tests.bus.test_routing import open_session
    from tests.redis_server import running_redis

    with running_redis() as server:
        owner = RoutingRegistry(RedisBus.from_url(server.url), worker_id=new_worker_id(), heartbeat_ttl=1.0)
        other = RoutingRegistry(RedisBus.from_url(server.url), worker_id=new_worker_id(), heartbeat_ttl=1.0)
        try:
            tab = open_session(owner)
            tab.submit(other, "before")
            with caplog.at_level(logging.WARNING, logger="webio.bus"):
                server.stop()
                time.sleep(1.5)
                tab.submit(owner, "local while Redis is down")  # the owner's own requests still work
                back = threading.Timer(1.0, server.start_again)
                back.start()
                # A worker that served the tab before keeps its requests until Redis is back.
                tab.submit(other, "routed once Redis is back")
                back.join()
                time.sleep(2)  # heartbeats are renewed within a third of their ttl
                tab.submit(other, "after")
            assert tab.texts == ["Hello before", "Hello local while Redis is down", "Hello routed once Redis is back",
                                 "Hello after"]
            assert not tab.closed
            assert "the bus is unreachable" in caplog.text
            assert "the bus is reachable again" in caplog.text
        finally:
            owner.close()
            other.close()


def test_every_key_in_redis_expires(redis_server: RedisServer) -> None:
    from tests.bus.test_routing import open_session

    prefix = f"e{uuid.uuid4().hex[:8]}:"
    owner = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), worker_id=new_worker_id())
    other = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), worker_id=new_worker_id())
    try:
        tab = open_session(owner)
        tab.submit(other, "Ada")
        client = redis.Redis.from_url(redis_server.url)
        keys = client.keys(f"{prefix}*")
        kinds = {key.decode().split(":")[1] for key in keys}
        assert kinds >= {"alive", "out"}, keys
        assert all(client.ttl(key) > 0 for key in keys), {key: client.ttl(key) for key in keys}
    finally:
        owner.close()
        other.close()


def test_a_worker_forked_after_the_registry_was_made_is_a_worker_of_its_own(redis_server: RedisServer) -> None:
    # gunicorn --preload: the app (and its registry) is built once in the master, then workers are forked.
    from tests.bus.owner_process import preload_then_fork

    prefix = f"f{uuid.uuid4().hex[:8]}:"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    master = context.Process(target=preload_then_fork, args=(redis_server.url, prefix, queue), daemon=True)
    master.start()
    here = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), worker_id=new_worker_id())
    try:
        master_worker = queue.get(timeout=60)
        report = redis.Redis.from_url(redis_server.url, socket_timeout=90).blpop([f"{prefix}report"], timeout=60)
        assert report is not None, "the forked worker did not start a session"
        child_worker, session_id = json.loads(report[1])
        assert child_worker != master_worker
        assert owner_of(session_id) == child_worker
        tab = Tab(session_id)
        tab.wait_for(here, lambda t: any(c["command"] == "input_group" for c in t.commands))
        tab.submit(here, "Ada")
        assert tab.texts == ["Hello Ada from the owner"]
    finally:
        master.kill()  # its forked worker notices and ends
        master.join(10)
        here.close()


def test_a_redis_inbox_does_not_keep_what_was_read(redis_server: RedisServer) -> None:
    prefix = f"i{uuid.uuid4().hex[:8]}:"
    bus = RedisBus.from_url(redis_server.url, prefix=prefix)
    worker = new_worker_id()
    try:
        bus.send_many(worker, [{"n": n} for n in range(5)])
        assert bus.receive(worker, 1) == [{"n": n} for n in range(5)]
        assert bus.receive(worker, 0.05) == []  # deletes what the last call read
        assert redis.Redis.from_url(redis_server.url).xlen(f"{prefix}in:{worker}") == 0
    finally:
        bus.close()


def test_a_batch_reaches_a_blocked_redis_reader_in_one_read(redis_server: RedisServer) -> None:
    # A tab's ack and its event are sent together: the owner must wake once for both, not read
    # the ack alone and the event one Redis round trip later.
    bus = RedisBus.from_url(redis_server.url, prefix=f"b{uuid.uuid4().hex[:8]}:")
    worker = new_worker_id()
    reads: list[list[dict[str, object]]] = []
    try:
        reader = threading.Thread(target=lambda: reads.append(bus.receive(worker, 10)))
        reader.start()
        time.sleep(0.2)
        bus.send_many(worker, [{"n": n} for n in range(3)])
        reader.join(10)
        assert reads == [[{"n": 0}, {"n": 1}, {"n": 2}]]
    finally:
        bus.close()


def test_a_child_forked_while_a_thread_used_the_redis_bus_can_use_it(redis_server: RedisServer) -> None:
    # gunicorn --preload forks workers while the master's bus threads run: whatever lock a thread
    # held at the fork, the child's bus works (redis-py's own reset would wait forever for it).
    from tests.bus.owner_process import fork_while_busy

    prefix = f"k{uuid.uuid4().hex[:8]}:"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    forks = 100
    parent = context.Process(target=fork_while_busy, args=(redis_server.url, prefix, forks, queue), daemon=True)
    parent.start()
    try:
        assert queue.get(timeout=120) == forks
        keys = redis.Redis.from_url(redis_server.url).keys(f"{prefix}alive:0000child*")
        assert len(keys) == forks
    finally:
        parent.kill()
        parent.join(10)


def _pausing_greeter() -> None:
    # Its reaction to each name releases the GIL in the middle (as a quick database call would):
    # the owner's publisher gets to run between the form's removal and the greeting.
    from webio.input import input as webio_input
    from webio.output import put_text

    while True:
        name = webio_input("Your name")
        time.sleep(0.001)
        put_text(f"Hello {name}")


def test_one_event_through_another_worker_is_one_publish_of_its_whole_reaction(
        redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.bus.test_routing import open_session
    from webio.bus import owner as owner_module

    # The owner holds output for 5 ms while the app reacts; a loaded test machine may take longer
    # than that for the reaction, and then two publishes are right: here the hold is long enough.
    monkeypatch.setattr(owner_module, "OUTPUT_HOLD_SECONDS", 2.0)
    prefix = f"p{uuid.uuid4().hex[:8]}:"
    owner = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), worker_id=new_worker_id())
    other = RoutingRegistry(RedisBus.from_url(redis_server.url, prefix=prefix), worker_id=new_worker_id())
    client = redis.Redis.from_url(redis_server.url)
    try:
        tab = open_session(owner, _pausing_greeter)
        tab.submit(other, "warm")  # the viewer starts watching the session
        outbox = f"{prefix}out:{tab.session_id}"
        added = int(client.xinfo_stream(outbox)["entries-added"])
        rounds = 20
        for n in range(rounds):
            tab.submit(other, f"user{n}")
        # Each round: one frame (the form removed, the greeting, the next form) and one state note.
        assert int(client.xinfo_stream(outbox)["entries-added"]) - added == 2 * rounds
        assert tab.texts[-rounds:] == [f"Hello user{n}" for n in range(rounds)]
        assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))
    finally:
        owner.close()
        other.close()


def test_connections_the_redis_server_closed_are_replaced_without_an_error() -> None:
    # The bus keeps a connection for each kind of call (send, publish, inbox read); one that the
    # server closed while it was unused (its idle timeout, CLIENT KILL) is replaced, as the pool would.
    from tests.redis_server import running_redis

    with running_redis() as server:  # its own server: every client of it is killed
        _use_the_bus_across_a_client_kill(server)


def _use_the_bus_across_a_client_kill(server: RedisServer) -> None:
    bus = RedisBus.from_url(server.url, prefix="c:")
    admin = redis.Redis.from_url(server.url)
    worker = new_worker_id()
    try:
        bus.send_many(worker, [{"n": 1}])
        bus.publish_many("s1", [((1, 0), {"k": "f"})], notify=[(worker, {"n": 2})])
        assert bus.receive(worker, 1) == [{"n": 1}, {"n": 2}]
        assert admin.client_kill_filter(_type="normal", skipme=True) >= 1
        time.sleep(0.3)
        bus.send_many(worker, [{"n": 3}])
        bus.publish_many("s1", [((2, 0), {"k": "f"})], notify=[(worker, {"n": 4})])
        assert bus.receive(worker, 1) == [{"n": 3}, {"n": 4}]
        assert [position for position, _ in bus.read("s1")] == [(1, 0), (2, 0)]
    finally:
        bus.close()


def test_closing_a_redis_bus_ends_a_blocked_inbox_read_with_a_bus_error(redis_server: RedisServer) -> None:
    from webio.bus.base import BusError

    bus = RedisBus.from_url(redis_server.url, prefix=f"x{uuid.uuid4().hex[:8]}:")
    ended: list[object] = []

    def read() -> None:
        try:
            ended.append(bus.receive(new_worker_id(), 8))
        except BusError as exc:
            ended.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.3)  # blocked in XREAD on its own connection
    started = time.monotonic()
    bus.close()
    reader.join(10)
    assert time.monotonic() - started < 2
    assert len(ended) == 1 and isinstance(ended[0], BusError), ended


@pytest.mark.parametrize("protocol", [2, 3])
def test_a_redis_bus_speaks_either_protocol_the_url_asks_for(redis_server: RedisServer, protocol: int) -> None:
    # redis-py answers in other shapes under RESP3 (maps for XREAD): the bus reads both.
    bus = RedisBus.from_url(f"{redis_server.url}?protocol={protocol}", prefix=f"r{uuid.uuid4().hex[:8]}:")
    worker = new_worker_id()
    try:
        bus.send_many(worker, [{"n": 1, "text": "é✓"}])
        bus.publish_many("s1", [((1, 0), {"k": "f", "text": "one"}), ((1, 1), {"k": "s"})], notify=[(worker, {"n": 2})])
        assert bus.receive(worker, 1) == [{"n": 1, "text": "é✓"}, {"n": 2}]
        assert bus.read("s1") == [((1, 0), {"k": "f", "text": "one"}), ((1, 1), {"k": "s"})]
        assert bus.read("s1", (1, 0), timeout=0.05) == [((1, 1), {"k": "s"})]
        assert bus.read("s1", (1, 1), timeout=0.05) == []
    finally:
        bus.close()
