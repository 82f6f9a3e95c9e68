"""A closed session is freed by reference counting alone, as soon as its app has ended: no reference
cycle through its tasks, no timer holding it (issue 11: bursts of closed tabs kept the server's
memory when sessions waited for Python's rare full collections or a 1 s grace timer)."""
from __future__ import annotations

import gc
import json
import time
import weakref
from typing import Any, Callable, Iterator

import pytest

from webio.input import input as webio_input
from webio.session import CoroutineSession, ThreadSession
from webio.session.base import Session
from webio.session.coroutinebased import background_loop


def sync_app() -> None:
    webio_input("Anything?")


async def async_app() -> None:
    await webio_input("Anything?")


def _asks_for_input(session: Session, timeout: float = 5) -> bool:
    """Read the session's frames (as a tab would) until it sends its ``input_group`` command."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = session.take_frame()
        if frame is None:
            time.sleep(0.005)
        elif any(cmd["command"] == "input_group" for cmd in json.loads(frame.text)["commands"]):
            return True
    return False


@pytest.fixture
def no_cyclic_collector() -> Iterator[None]:
    """Python's cyclic collector off: only reference counting may free the session."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _start(kind: str) -> Session:
    if kind == "thread":
        return ThreadSession(sync_app)
    return CoroutineSession(async_app, loop=background_loop())


def _gone(ref: Callable[[], Any], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while ref() is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("kind", ["thread", "coroutine"])
def test_a_closed_session_waiting_for_input_is_freed_without_the_cyclic_collector(
        kind: str, no_cyclic_collector: None) -> None:
    session = _start(kind)
    session.start()
    assert _asks_for_input(session), "the app never asked for input"
    ref = weakref.ref(session)
    session.close()
    del session
    # Well under the 1 s grace after which a closed session's leftover tasks are cancelled: the
    # app's input raised at once, so nothing may keep the session until then.
    assert _gone(ref, 0.5), f"a closed {kind} session is still alive: {gc.get_referrers(ref())!r:.500}"
