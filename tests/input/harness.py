"""A small in-process client for the input and pin tests (until ``webio.testing`` has its own).

It runs an app in a real ``ThreadSession`` or ``CoroutineSession``, feeds every frame to the
browser model of ``webio.testing`` (which fills forms, presses buttons and answers pin reads the
way the browser does) and sends the browser's events back through the wire decoder.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, Optional, Sequence

from webio.protocol import decode_client_message
from webio.session import CoroutineSession, ThreadSession
from webio.session.base import Session
from webio.testing.browser import Browser
from webio.testing.page import actions
from webio.testing.page.form import Form, Input


class Client:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.browser = Browser()
        self.commands: list[dict[str, Any]] = []
        self.clock = 0.0

    # ------------------------------------------------------------------ running
    def _barrier(self) -> None:
        if isinstance(self.session, CoroutineSession) and self.session.loop.is_running():
            async def nothing() -> None:
                await asyncio.sleep(0)

            asyncio.run_coroutine_threadsafe(nothing(), self.session.loop).result(5)

    def _busy(self) -> bool:
        if self.session.closed:
            return False
        pending = any(getattr(box, "events", None) for box in list(self.session._mailboxes.values()))
        return pending or not self.session.is_idle

    def _wait_idle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 3:
            self._barrier()
            if self._busy():
                quiet = 0
                if time.monotonic() > deadline:
                    raise AssertionError("the app did not go back to waiting in time")
            else:
                quiet += 1
            time.sleep(0.002)

    def sync(self, timeout: float = 5.0) -> Client:
        """Exchange frames and events until the app waits (or has finished)."""
        while True:
            self._wait_idle(timeout)
            moved = False
            while True:
                frame = self.session.take_frame()
                if frame is None:
                    break
                self.commands += frame.commands
                self.browser.receive(frame.text, self.clock)
                moved = True
            for text in self.browser.take_outgoing():
                message = decode_client_message(text)
                moved = moved or message.event is not None
                self.session.receive(message)
            if not moved:
                return self

    def act(self, events: list[Any]) -> Client:
        self.browser.queue(events)
        return self.sync()

    # ------------------------------------------------------------------ reading
    @property
    def page(self) -> Any:
        return self.browser.page

    @property
    def text(self) -> str:
        return str(self.sync().page.text)

    @property
    def form(self) -> Optional[Form]:
        return self.sync().page.form  # type: ignore[no-any-return]

    def item(self, name: str = "data") -> Input:
        form = self.form
        assert form is not None, f"no form on the page; page text:\n{self.page.text}"
        return form[name]

    def sent(self, name: str) -> list[Any]:
        """Specs of the commands named ``name`` the app sent so far."""
        self.sync()
        return [cmd["spec"] for cmd in self.commands if cmd["command"] == name]

    def pin(self, name: str) -> Optional[Input]:
        return self.sync().page.pin(name)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ acting
    def fill(self, **values: Any) -> Client:
        return self.act(actions.fill(self.page, values))

    def submit(self, **values: Any) -> Client:
        return self.act(actions.submit(self.page, values))

    def blur(self, name: str = "data") -> Client:
        return self.act(actions.blur(self.page, name))

    def press(self, label: str) -> Client:
        return self.act(actions.press(self.page, label))

    def cancel(self) -> Client:
        return self.act(actions.cancel(self.page))

    def upload(self, name: str, files: Sequence[Any]) -> Client:
        actions.upload(self.page, name, files)
        return self

    def click(self, label: str) -> Client:
        return self.act(actions.click(self.page, label))

    def set_pin(self, name: str, value: Any) -> Client:
        return self.act(actions.set_pin(self.page, name, value))

    def send(self, event: str, task_id: Optional[str], data: Any) -> Client:
        return self.act([{"event": event, "task_id": task_id, "data": data}])

    def advance(self, seconds: float) -> Client:
        """Move the browser's clock (pin_wait timeouts)."""
        self.clock += seconds
        self.browser.expire(self.clock)
        return self.sync()

    def close(self) -> None:
        if not self.session.closed:
            self.session.close()
            self._barrier()


def start(app: Callable[[], Any], kind: str) -> Client:
    """Run ``app`` in a session of ``kind`` ('thread' or 'coroutine')."""
    session: Session = ThreadSession(app) if kind == "thread" else CoroutineSession(app)
    client = Client(session)
    session.start()
    return client.sync()


async def maybe_await(value: Any) -> Any:
    """``await maybe_await(input(...))``: lets one async example body run in both session kinds."""
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value


def as_kind(body: Callable[[], Any], kind: str) -> Callable[[], Any]:
    """An async example body as an app of ``kind``: awaited directly, or run in the app thread."""
    if kind == "coroutine":
        return body

    def thread_app() -> Any:
        return asyncio.run(body())

    return thread_app
