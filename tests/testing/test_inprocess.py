"""The in-process client drives real thread and coroutine sessions, from sync and async tests."""
from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from webio.session import get_current_session
from webio.testing import AppClient, AppError, AsyncAppClient, NotFoundError, SessionClosed, WaitTimeout, run_app

from .apps import GREETERS, say

KINDS = ["thread", "coroutine"]


@pytest.mark.parametrize("kind", KINDS)
def test_form_submit_and_buttons(kind: str) -> None:
    client = run_app(GREETERS[kind])
    assert client.text == "Welcome\nWho are you\nName\nColor"
    assert client.form is not None and client.form.labels == ["Name", "Color"]
    client.submit({"name": "Ada", "color": "blue"})
    assert client.form is None
    assert "change name=Ada" in client.text and "Hello Ada, color 1" in client.text
    client.click("Two")
    assert client.text.endswith("clicked 1")
    with pytest.raises(NotFoundError, match=r"clickable labels are \['One', 'Two'\]"):
        client.click("Three")
    client.close()
    assert client.closed


@pytest.mark.parametrize("kind", KINDS)
def test_cancel(kind: str) -> None:
    client = run_app(GREETERS[kind])
    client.cancel()
    assert "cancelled" in client.text


@pytest.mark.parametrize("kind", KINDS)
def test_async_test_drives_the_app(kind: str) -> None:
    async def scenario() -> str:
        async with AsyncAppClient(GREETERS[kind]) as client:
            await client.fill(name="Bo")
            await client.submit()
            await client.click("One")
            return client.text

    text = asyncio.run(scenario())
    assert "Hello Bo, color 0" in text and text.endswith("clicked 0")


def test_app_errors_are_raised_in_the_test() -> None:
    def broken() -> None:
        say("before")
        raise ValueError("boom")

    with pytest.raises(AppError, match="ValueError: boom"):
        run_app(broken)


def test_app_errors_can_be_inspected_instead() -> None:
    def broken() -> None:
        raise ValueError("boom")

    client = run_app(broken, raise_app_errors=False)
    assert "ValueError: boom" in client.app_errors[0]
    assert "An internal error occurred" in client.text and client.closed
    with pytest.raises(SessionClosed):
        client.click("x") if client.find("buttons") else client._act([{"event": "callback", "task_id": "x", "data": None}])


def test_wait_until_and_timeouts() -> None:
    def slow() -> None:
        say("start")
        time.sleep(0.2)
        say("done")
        time.sleep(10)

    client = run_app(slow, wait=False)
    assert client.wait_until(lambda c: "done" in c.text)
    with pytest.raises(WaitTimeout, match="did not become idle within 0.2 s. The page shows:\nstart\ndone"):
        client.wait_idle(timeout=0.2)
    client.close()


def test_eval_js_answers() -> None:
    from webio.session import eval_js

    def app() -> None:
        say(f"got {eval_js('1 + x', x=2)}")
        say(f"got {eval_js('location.href')}")

    client = run_app(app, js=lambda code, args: 1 + args["x"] if "x" in args else "http://t/")
    assert client.text == "got 3\ngot http://t/"
    assert [s.code for s in client.scripts] == ["1 + x", "location.href"]
    assert run_app(app, js={"1 + x": 3}).text == "got 3\ngot None"


def test_several_apps_and_app_links() -> None:
    def index() -> None:
        get_current_session().send("output", {"type": "link", "content": "Go to b", "app": "b", "new_window": False,
                                              "scope": "#webio-scope-ROOT", "position": -1})

    def b() -> None:
        say("this is b")

    client = AppClient({"index": index, "b": b})
    client.click("Go to b")
    assert client.navigations[-1].app == "b"
    other = client.open_app(client.navigations[-1].app or "")
    assert other.text == "this is b"
    with pytest.raises(NotFoundError, match=r"no app named 'c'; apps are \['b', 'index'\]"):
        AppClient({"index": index, "b": b}, app_name="c")


def test_pin_wait_timeout_is_answered_by_the_browser() -> None:
    def app() -> Any:
        session = get_current_session()
        session.send("output", {"type": "pin", "input": {"type": "text", "name": "q", "label": "Q"},
                                "scope": "#webio-scope-ROOT", "position": -1})

        def flow(task_id: str) -> Any:
            session.send("pin_wait", {"names": ["q"], "timeout": 0.2}, task_id)
            event = yield None
            return event.data

        say(f"first {session.run_flow(flow)}")
        say(f"second {session.run_flow(flow)}")

    client = run_app(app)
    client.set_pin("q", "hello")
    assert client.pin["q"] == "hello" and "first {'name': 'q', 'value': 'hello'}" in client.text
    assert client.wait_until(lambda c: "second None" in c.text)
