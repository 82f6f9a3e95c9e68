"""Backpressure in the engine: output the tab has not acknowledged is bounded by
``max_buffered_output``; a thread app waits past it (and counts as idle meanwhile), a coroutine app
awaits room in its flows, and one that never awaits is stopped with ``OutputOverflow``."""
from __future__ import annotations

import json
import threading
import time
from typing import Any

from webio.output import put_text
from webio.protocol import ClientMessage
from webio.session import CoroutineSession, ThreadSession, output_room
from webio.session.coroutinebased import background_loop

BOUND = 50_000


def read_all(session: Any) -> list[str]:
    """Take every frame and acknowledge it, as a tab that reads."""
    texts = []
    while (frame := session.take_frame()) is not None:
        texts += [c["spec"].get("content") or c["spec"]["type"]
                  for c in json.loads(frame.text)["commands"] if c["command"] == "output"]
        session.receive(ClientMessage(None, None, frame.seq))
    return texts


def wait_until(predicate: Any, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_thread_app_waits_for_a_tab_that_does_not_acknowledge_then_goes_on() -> None:
    done = threading.Event()

    def app() -> None:
        for i in range(20_000):
            put_text(f"line {i}")
        done.set()

    session = ThreadSession(app, max_buffered_output=BOUND)
    session.start()
    wait_until(lambda: session.is_idle)  # blocked on output counts as waiting
    assert not done.is_set() and BOUND < session.buffered_output < BOUND + 1_000
    seen: list[str] = []
    while not done.is_set() or session.has_pending_output:
        seen += read_all(session)
        time.sleep(0.001)
    seen += read_all(session)
    assert seen == [f"line {i}" for i in range(20_000)]
    session.close()


def test_closing_the_session_releases_a_blocked_app() -> None:
    ended: list[str] = []

    def app() -> None:
        try:
            while True:
                put_text("x" * 100)
        finally:
            ended.append("ended")

    session = ThreadSession(app, max_buffered_output=BOUND)
    session.start()
    wait_until(lambda: session.is_idle)
    session.close()
    wait_until(lambda: ended == ["ended"])
    assert session.main_thread is not None
    session.main_thread.join(5)
    assert not session.main_thread.is_alive()


def test_a_coroutine_app_awaits_room_and_one_that_never_awaits_is_stopped() -> None:
    async def polite() -> None:
        for i in range(5_000):
            put_text(f"line {i}")
            if i % 100 == 99:
                await output_room()

    session = CoroutineSession(polite, loop=background_loop(), max_buffered_output=BOUND)
    session.start()
    wait_until(lambda: session.is_idle)
    assert BOUND < session.buffered_output < 2 * BOUND and not session.closed
    seen: list[str] = []
    while not session.closed:
        seen += read_all(session)
        time.sleep(0.001)
    seen += read_all(session)
    assert seen == [f"line {i}" for i in range(5_000)]

    async def rude() -> None:
        while True:
            put_text("x" * 100)

    session = CoroutineSession(rude, loop=background_loop(), max_buffered_output=BOUND)
    session.start()
    wait_until(lambda: session.closed)
    assert session.buffered_output < 5 * BOUND
    assert [t for t in read_all(session) if t != "x" * 100] == ["alert"]  # "An internal error occurred…"
