"""Session ids carry their owner worker and 192 random bits; malformed ids are refused."""
from __future__ import annotations

import multiprocessing
import os

import pytest

from webio.session import ThreadSession
from webio.session.ids import (InvalidSessionId, new_session_id, new_worker_id, owner_of, parse_session_id,
                               short_id, worker_id)


def test_a_new_session_id_names_this_worker_and_is_unguessable() -> None:
    ids = {new_session_id() for _ in range(1000)}
    assert len(ids) == 1000
    for sid in ids:
        owner, token = parse_session_id(sid)
        assert owner == worker_id()
        assert len(token) == 32  # 24 random bytes in url-safe base64: 192 bits


def test_sessions_are_minted_with_their_owner() -> None:
    session = ThreadSession(lambda: None)
    assert owner_of(session.id) == worker_id()
    other = new_worker_id()
    assert owner_of(new_session_id(other)) == other


def test_worker_ids_differ_between_workers_and_carry_the_pid() -> None:
    ids = {new_worker_id() for _ in range(100)}
    assert len(ids) == 100
    assert worker_id()[8:14] == format(os.getpid() & 0xFFFFFF, "06x")


def _child_worker_id(queue: "multiprocessing.Queue[str]") -> None:
    queue.put(worker_id())


def test_a_forked_worker_gets_its_own_id() -> None:
    parent = worker_id()
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_child_worker_id, args=(queue,))
    child.start()
    child_id = queue.get(timeout=30)
    child.join(30)
    assert child_id != parent
    assert parse_session_id(new_session_id(child_id)).owner == child_id


@pytest.mark.parametrize("bad", [
    "", "abc", "no-separator-here-at-all-AAAAAAAAAAAAAAAAAAAAAA",
    "0123abcd.short", "0123ABCD.AAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # capitals in the owner
    "0123abcd.AAAAAAAAAAAAAAAAAAAAAAAA/..", "0123abcd.AAAAAAAAAAAAAAAAAAAAAAAA\n",
    "../../etc.AAAAAAAAAAAAAAAAAAAAAAAA", "0123abcd." + "A" * 500, "webio:in:x.AAAAAAAAAAAAAAAAAAAAAAAA",
    None, 42, ["0123abcd", "AAAAAAAAAAAAAAAAAAAAAAAA"],
])
def test_malformed_ids_are_refused(bad: object) -> None:
    with pytest.raises(InvalidSessionId):
        parse_session_id(bad)
    assert owner_of(bad) is None


def test_short_ids_for_logs_come_from_the_token() -> None:
    sid = new_session_id()
    assert short_id(sid) == parse_session_id(sid).token[:8]
