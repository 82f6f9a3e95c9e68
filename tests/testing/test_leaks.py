"""Opening and closing many sessions leaves no thread, registry entry or session object behind."""
from __future__ import annotations

import gc
import threading
import time
import weakref
from typing import Any

import pytest

from webio.output import put_buttons, put_text
from webio.session import defer_call
from webio.session.registry import LocalSessionRegistry
from webio.testing import run_app


def sync_app() -> None:
    put_text("hi")
    defer_call(lambda: None)
    put_buttons(["ok"], onclick=lambda _: put_text("clicked"))


async def async_app() -> None:
    sync_app()


def settle(predicate: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("app", [sync_app, async_app], ids=["thread", "coroutine"])
def test_a_thousand_sessions_leave_nothing_behind(app: Any) -> None:
    run_app(app).close()  # warm up: the background event loop of coroutine sessions starts once
    registry = LocalSessionRegistry()
    threads_before = threading.active_count()
    sessions: list[weakref.ref[Any]] = []
    for index in range(1000):
        client = run_app(app, registry=registry)
        if index % 100 == 0:
            client.click("ok")
            assert client.text.endswith("clicked")
        sessions.append(weakref.ref(client.session))
        client.close()
        assert client.closed
    assert len(registry) == 0
    assert settle(lambda: threading.active_count() <= threads_before), \
        f"{threading.active_count() - threads_before} threads left: {[t.name for t in threading.enumerate()]}"
    del client
    gc.collect()
    alive = [ref for ref in sessions if ref() is not None]
    assert not alive, f"{len(alive)} sessions still referenced"
