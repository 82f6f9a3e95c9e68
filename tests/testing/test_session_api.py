"""Acceptance tests of ``webio.session`` (manual §4.4), each under a thread and a coroutine session."""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Callable

import pytest

from webio.output import put_buttons, put_text
from webio.session import (defer_call, download, eval_js, go_app, hold, info, local, register_thread, run_async,
                           run_asyncio_coroutine, run_js, set_env)
from webio.testing import AppClient, run_app

KINDS = ["thread", "coroutine"]


def both(sync_app: Callable[[], Any], async_app: Callable[[], Any], kind: str, **options: Any) -> AppClient:
    return run_app(sync_app if kind == "thread" else async_app, **options)


@pytest.mark.parametrize("kind", KINDS)
def test_download(kind: str) -> None:
    def app() -> None:
        put_buttons(["Click to download"], onclick=lambda _: download("hello-world.txt", b"hello world!"))

    async def async_app() -> None:
        app()

    client = both(app, async_app, kind)
    client.click("Click to download")
    assert [(d.name, d.content) for d in client.downloads] == [("hello-world.txt", b"hello world!")]


@pytest.mark.parametrize("kind", KINDS)
def test_run_js_and_eval_js(kind: str) -> None:
    def app() -> None:
        run_js("console.log(a + b)", a=1, b=2)
        put_text("url:", eval_js("window.location.href"))
        put_text("sum:", eval_js("(function(){ var a = 1; a += b; return a; })()", b=100))

    async def async_app() -> None:
        run_js("console.log(a + b)", a=1, b=2)
        put_text("url:", await eval_js("window.location.href"))
        put_text("sum:", await eval_js("(function(){ var a = 1; a += b; return a; })()", b=100))

    def js(code: str, args: dict[str, Any]) -> Any:
        return "http://testserver/" if "location" in code else 1 + args["b"]

    client = both(app, async_app, kind, js=js)
    assert client.text == "url: http://testserver/\nsum: 101"
    first = client.scripts[0]
    assert (first.code, first.args, first.eval) == ("console.log(a + b)", {"a": 1, "b": 2}, False)


def test_register_thread() -> None:
    def app() -> None:
        def worker() -> None:
            put_text("from the worker")

        thread = threading.Thread(target=worker)
        register_thread(thread)
        thread.start()
        thread.join()
        put_text("joined")

    assert run_app(app).text == "from the worker\njoined"


@pytest.mark.parametrize("kind", KINDS)
def test_defer_call_runs_when_the_browser_leaves(kind: str) -> None:
    calls: list[str] = []

    def app() -> None:
        defer_call(lambda: calls.append("first"))

        @defer_call
        def cleanup() -> None:
            calls.append("second")

        put_buttons(["keep"], onclick=lambda _: None)

    async def async_app() -> None:
        app()

    client = both(app, async_app, kind)
    assert calls == []
    client.close()
    assert calls == ["first", "second"]


@pytest.mark.parametrize("kind", KINDS)
def test_local_is_per_session(kind: str) -> None:
    def add() -> None:
        local.cnt = (local.cnt or 0) + 1

    def show() -> None:
        put_text(local.cnt or 0)

    def app() -> None:
        assert local.foo is None and "cnt" not in local
        put_buttons(["Add counter", "Show counter"], onclick=[add, show])

    async def async_app() -> None:
        app()

    first, second = both(app, async_app, kind), both(app, async_app, kind)
    first.click("Add counter")
    first.click("Add counter")
    first.click("Show counter")
    second.click("Show counter")
    assert first.text.endswith("2") and second.text.endswith("0")


@pytest.mark.parametrize("kind", KINDS)
def test_set_env_and_go_app(kind: str) -> None:
    def app() -> None:
        set_env(title="Awesome webio!!", output_animation=False)
        go_app("other", new_window=False)

    async def async_app() -> None:
        app()

    client = both(app, async_app, kind)
    assert client.env == {"title": "Awesome webio!!", "output_animation": False}
    assert client.scripts[-1].args == {"name": "other", "new_window": False}


@pytest.mark.parametrize("kind", KINDS)
def test_info(kind: str) -> None:
    def app() -> None:
        put_text(info.user_language, info.user_ip, info.backend, info.user_agent.is_pc, info.user_agent.browser.family)

    async def async_app() -> None:
        app()

    assert both(app, async_app, kind).text == "en-US 127.0.0.1 testing True Chrome"


@pytest.mark.parametrize("kind", KINDS)
def test_hold_keeps_the_session_until_the_browser_leaves(kind: str) -> None:
    after: list[str] = []

    def app() -> None:
        put_text("holding")
        hold()
        after.append("returned")

    async def async_app() -> None:
        put_text("holding")
        await hold()
        after.append("returned")

    client = both(app, async_app, kind)
    assert client.text == "holding" and not client.closed
    client.close()
    assert client.closed


def test_run_async_and_run_asyncio_coroutine() -> None:
    async def counter(n: int) -> None:
        for i in range(n):
            put_text(f"tick {i}")
            await asyncio.sleep(0.01)

    async def app() -> None:
        handle = run_async(counter(3))
        await run_asyncio_coroutine(asyncio.sleep(0.01))
        put_text("world")
        while not handle.closed():
            await asyncio.sleep(0.01)
        put_text("counter done")

    client = run_app(app)
    assert client.wait_until(lambda c: "counter done" in c.text)
    assert client.text.split("\n") == ["tick 0", "world", "tick 1", "tick 2", "counter done"] or \
        sorted(client.text.split("\n")) == sorted(["tick 0", "tick 1", "tick 2", "world", "counter done"])


def test_run_async_is_refused_in_thread_sessions() -> None:
    async def nothing() -> None:
        return None

    def app() -> None:
        try:
            run_async(nothing())
        except Exception as exc:  # the message says what to do instead
            put_text(str(exc))

    assert "register_thread" in run_app(app).text


def test_async_test_and_async_app_share_the_loop() -> None:
    from webio.testing import AsyncAppClient

    async def app() -> None:
        put_buttons(["Ping"], onclick=lambda _: put_text("pong"))
        put_text("loop", asyncio.get_running_loop() is test_loop[0])

    test_loop: list[Any] = []

    async def scenario() -> str:
        test_loop.append(asyncio.get_running_loop())
        async with AsyncAppClient(app) as client:
            await client.click("Ping")
            return client.text

    assert asyncio.run(scenario()) == "Ping\nloop True\npong"


def test_sleeping_app_is_waited_for() -> None:
    def app() -> None:
        time.sleep(0.1)
        put_text("awake")

    assert run_app(app).text == "awake"
