"""A small in-process browser for the output tests.

It runs an app in a real ``ThreadSession`` or ``CoroutineSession``, applies every command the
session sends to the page model of ``webio.testing.page`` and can click buttons, clickable
outputs and toasts the way the browser does (sending ``callback`` events with button indexes).
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Callable, Optional

from webio.protocol import Event
from webio.session import CoroutineSession, ThreadSession
from webio.session.base import Session
from webio.testing.page.model import Page
from webio.testing.page.nodes import Container, Node


class Browser:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.page = Page()
        self.commands: list[dict[str, Any]] = []
        self.errors: list[str] = []

    # ------------------------------------------------------------------ running
    def _barrier(self) -> None:
        """Let a coroutine session's loop run what was scheduled on it (starts, dispatched events)."""
        if isinstance(self.session, CoroutineSession) and self.session.loop.is_running():
            async def nothing() -> None:
                return None
            asyncio.run_coroutine_threadsafe(nothing(), self.session.loop).result(5)

    def sync(self, timeout: float = 5.0) -> Browser:
        """Wait until the app waits or has finished, then apply everything it sent."""
        deadline = time.monotonic() + timeout
        self._barrier()
        while not (self.session.is_idle or self.session.closed):
            if time.monotonic() > deadline:
                raise AssertionError("the app did not become idle in time")
            time.sleep(0.002)
        self._barrier()
        while True:
            frame = self.session.take_frame()
            if frame is None:
                break
            # What the browser receives is the frame's JSON text: decode it, as the browser does.
            for cmd in json.loads(frame.text)["commands"]:
                self.commands.append(json.loads(json.dumps(cmd)))
                self.page.apply(cmd)
        return self

    # ------------------------------------------------------------------ reading
    @property
    def text(self) -> str:
        return self.sync().page.text

    def scope(self, name: str) -> Container:
        self.sync()
        container = self.page.container("#webio-scope-" + name)
        assert container is not None, f"no scope {name!r} on the page; scopes: {self.page.scope_names()}"
        return container

    def outputs(self, type_: Optional[str] = None) -> list[Node]:
        self.sync()
        return [node for node in self.page.walk() if type_ is None or node.type == type_]

    def sent(self, name: str) -> list[dict[str, Any]]:
        """Specs of the commands named ``name`` sent so far."""
        self.sync()
        return [cmd["spec"] for cmd in self.commands if cmd["command"] == name]

    def output_specs(self, type_: Optional[str] = None) -> list[dict[str, Any]]:
        return [spec for spec in self.sent("output") if type_ is None or spec.get("type") == type_]

    # ------------------------------------------------------------------ acting
    def event(self, name: str, task_id: str, data: Any = None) -> Browser:
        self.session.dispatch(Event(name, task_id, data))
        return self.sync()

    def click(self, label: str, nth: int = 0) -> Browser:
        """Click the ``nth`` button labelled ``label`` (the browser sends the button's index)."""
        found = []
        for node in self.outputs("buttons"):
            for button in node.spec["buttons"]:
                if button["label"] == label:
                    found.append((node.spec["callback_id"], button["value"]))
        assert len(found) > nth, f"no button {label!r}; page text:\n{self.page.text}"
        return self.event("callback", *found[nth])

    def click_output(self, text: str) -> Browser:
        """Click the clickable output (``.onclick()``) whose text contains ``text``."""
        for node in self.outputs():
            if node.spec.get("click_callback_id") and text in node.all_text:
                return self.event("callback", node.spec["click_callback_id"], None)
        raise AssertionError(f"no clickable output with text {text!r}")

    def click_toast(self, content: str) -> Browser:
        for toast in self.sync().page.toasts:
            if toast.content == content and toast.callback_id:
                return self.event("callback", toast.callback_id, None)
        raise AssertionError(f"no clickable toast {content!r}")

    def close(self) -> None:
        if not self.session.closed:
            self.session.close()


def start(body: Callable[[], Any], kind: str) -> Browser:
    """Run ``body`` as the app: as it is in a thread session, or inside an ``async def`` app."""
    session: Session
    if kind == "thread":
        session = ThreadSession(body)
    else:
        async def app() -> None:
            result = body()
            if asyncio.iscoroutine(result):
                await result

        session = CoroutineSession(app)
    browser = Browser(session)
    session.start()
    return browser.sync()
