"""The output tests' view of an app: ``webio.testing.AppClient`` plus the commands it received.

Tests read what the user sees through the test client (``text``, ``scope``, nodes, popup, toasts)
and, where the exact wire spec matters (the catalogue of docs/protocol.md), the commands sent.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, Optional

from webio.protocol import Event
from webio.testing import AppClient, Container, Node, Page


class Browser:
    def __init__(self, app: Callable[..., Any]) -> None:
        self.client = AppClient(app, wait=False)
        self.session = self.client.session
        self.commands: list[dict[str, Any]] = []
        poll = self.client.transport.poll

        def recording_poll() -> list[str]:
            texts: list[str] = poll()
            for text in texts:
                self.commands.extend(json.loads(text)["commands"])
            return texts

        self.client.transport.poll = recording_poll  # type: ignore[method-assign]
        self.sync()

    def sync(self) -> Browser:
        """Wait until the app waits or has finished, and apply what it sent."""
        self.client.wait_idle()
        return self

    # ------------------------------------------------------------------ reading
    @property
    def page(self) -> Page:
        return self.sync().client.page

    @property
    def text(self) -> str:
        return self.sync().client.text

    def scope(self, name: str) -> Container:
        return self.sync().client.scope(name)

    def outputs(self, type_: Optional[str] = None) -> list[Node]:
        return [node for node in self.page.walk() if type_ is None or node.type == type_]

    def sent(self, name: str) -> list[dict[str, Any]]:
        """Specs of the commands named ``name`` received so far."""
        self.sync()
        return [cmd["spec"] for cmd in self.commands if cmd["command"] == name]

    def output_specs(self, type_: Optional[str] = None) -> list[dict[str, Any]]:
        return [spec for spec in self.sent("output") if type_ is None or spec.get("type") == type_]

    # ------------------------------------------------------------------ acting
    def event(self, name: str, task_id: str, data: Any = None) -> Browser:
        """Deliver a raw event, as a (possibly tampered) browser could send it."""
        self.session.dispatch(Event(name, task_id, data))
        return self.sync()

    def click(self, label: str, nth: int = 0) -> Browser:
        """Click the ``nth`` button (or clickable output, toast) labelled ``label``."""
        if nth == 0:
            self.client.click(label)
            return self.sync()
        found = [(node.spec["callback_id"], button["value"]) for node in self.outputs("buttons")
                 for button in node.spec["buttons"] if button["label"] == label]
        assert len(found) > nth, f"fewer than {nth + 1} buttons {label!r}; page text:\n{self.text}"
        return self.event("callback", *found[nth])

    click_output = click
    click_toast = click

    def close(self) -> None:
        self.client.close()


def start(body: Callable[[], Any], kind: str) -> Browser:
    """Run ``body`` as the app: as it is in a thread session, or inside an ``async def`` app."""
    if kind == "thread":
        return Browser(body)

    async def app() -> None:
        result = body()
        if asyncio.iscoroutine(result):
            await result

    return Browser(app)


def misuse_errors(run: Callable[[Callable[[], Any]], Any], calls: Any) -> list[str]:
    """Make each of ``calls`` inside an app started by ``run``; the message of each TypeError or
    ValueError they raised (a misuse must say what to do)."""
    errors: list[str] = []

    def app() -> None:
        for call in calls:
            try:
                call()
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))

    run(app)
    return errors
