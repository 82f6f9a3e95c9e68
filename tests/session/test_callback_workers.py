"""Thread sessions run each callback in a thread of its own, reusing a finished callback's thread
(session/threadbased.py): a blocked callback never holds up another, a callback sees none of the
previous one's context variables, and closing ends every callback thread."""
from __future__ import annotations

import contextvars
import threading
from typing import Any

from tests.session.conftest import FakeBrowser
from webio.session import ThreadSession
from webio.session.context import get_current_session

MARK: contextvars.ContextVar[str] = contextvars.ContextVar("MARK", default="unset")


def _start(callback: Any) -> tuple[ThreadSession, FakeBrowser, str]:
    def app() -> None:
        session = get_current_session()
        session.send("output", {"type": "text", "content": session.register_callback(callback)})

    session = ThreadSession(app)
    browser = FakeBrowser(session)
    session.start()
    return session, browser, browser.wait_command("output")["spec"]["content"]


def _callback_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("webio-callback-")]


def test_clicks_one_after_another_reuse_one_thread_with_a_fresh_context() -> None:
    seen: list[tuple[int, str, Any]] = []

    def click(data: int) -> None:
        seen.append((threading.get_ident(), MARK.get(), get_current_session()))
        MARK.set(f"set by click {data}")

    session, browser, cid = _start(click)
    try:
        for n in range(20):
            browser.send("callback", cid, n)
            browser.wait_for(lambda _: len(seen) == n + 1 and session.is_idle)
        assert len({ident for ident, _, _ in seen}) == 1, "a finished callback's thread runs the next one"
        assert {mark for _, mark, _ in seen} == {"unset"}, "no context variable leaks into the next callback"
        assert all(current is session for _, _, current in seen)
    finally:
        session.close()


def test_a_blocked_callback_does_not_hold_up_the_next_one() -> None:
    release = threading.Event()
    ran: list[int] = []

    def click(data: int) -> None:
        ran.append(data)
        if data == 1:
            release.wait(10)

    session, browser, cid = _start(click)
    try:
        browser.send("callback", cid, 1)
        browser.wait_for(lambda _: ran == [1])
        browser.send("callback", cid, 2)
        browser.send("callback", cid, 3)
        browser.wait_for(lambda _: sorted(ran) == [1, 2, 3])  # while callback 1 still waits
        assert not session.is_idle
        release.set()
        browser.wait_for(lambda _: session.is_idle)
    finally:
        release.set()
        session.close()


def test_closing_ends_every_callback_thread() -> None:
    before = set(_callback_threads())  # Thread objects: an ended thread's ident may be given again
    release = threading.Event()

    def click(data: int) -> None:
        if data == 0:
            release.wait(10)

    session, browser, cid = _start(click)
    for n in range(3):  # one stays blocked, two finish and wait for more work
        browser.send("callback", cid, n)
    browser.wait_for(lambda _: len(set(_callback_threads()) - before) >= 2)
    session.close()
    release.set()
    browser.wait_for(lambda _: not (set(_callback_threads()) - before), timeout=5)
