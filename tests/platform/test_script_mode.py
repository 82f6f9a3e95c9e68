"""Script mode: a plain script calling webio functions, driven by a WebSocket tab."""
from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path


from tests.platform.processes import Child
from tests.tornado.tabs import WsTab, http_get


def script(tmp_path: Path, body: str) -> Child:
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(body))
    return Child(str(path))


ASK_TWICE = '''
    from webio.session import eval_js, run_js
    print("script started", flush=True)
    first = eval_js("first()")
    second = eval_js("second()")
    run_js("result", total=first + second)
    print("script done", first + second, flush=True)
'''


def test_script_runs_in_the_first_tab_and_exits(tmp_path: Path, children: list[Child]) -> None:
    child = script(tmp_path, ASK_TWICE)
    children.append(child)
    url = child.url()
    assert "script started" in child.output, "nothing starts before the first webio call"
    assert "<title>script.py</title>" in http_get(url)[2].decode(), "the page is titled after the script"

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.answer(await tab.script("first()"), 2)
        other = await WsTab(url).connect()
        said = await other.wait_for(lambda c: c["command"] == "output")
        assert "already shown in another browser tab" in said["spec"]["content"]
        await tab.answer(await tab.script("second()"), 3)
        assert (await tab.script("result"))["spec"]["args"] == {"total": 5}
        assert await tab.closed(), "the page is closed when the script ends"
        assert tab.browser.closed

    asyncio.run(scenario())
    assert child.wait() == 0, child.output
    assert "script done 5" in child.output


def test_closing_the_tab_makes_later_calls_raise(tmp_path: Path, children: list[Child]) -> None:
    child = script(tmp_path, '''
        from webio.session import eval_js, SessionException
        try:
            eval_js("first()")
        except SessionException as exc:
            print("raised", type(exc).__name__, flush=True)
        try:
            eval_js("again()")
        except SessionException as exc:
            print("raised again", type(exc).__name__, flush=True)
    ''')
    children.append(child)

    async def scenario() -> None:
        tab = await WsTab(child.url()).connect()
        await tab.script("first()")
        tab.close()

    asyncio.run(scenario())
    assert child.wait() == 0
    assert "raised SessionClosedException" in child.output
    assert "raised again SessionClosedException" in child.output


def test_hold_keeps_the_script_until_the_tab_closes(tmp_path: Path, children: list[Child]) -> None:
    child = script(tmp_path, '''
        import threading
        from webio.session import hold, run_js
        run_js("ready")
        hold()
        print("released", threading.active_count(), flush=True)
    ''')
    children.append(child)

    async def scenario() -> None:
        tab = await WsTab(child.url()).connect()
        await tab.script("ready")
        await asyncio.sleep(0.5)
        assert child.proc.poll() is None, "hold() keeps the script running"
        tab.close()

    asyncio.run(scenario())
    assert child.wait() == 0
    assert "released" in child.output


def test_threads_of_the_script_share_its_page(tmp_path: Path, children: list[Child]) -> None:
    child = script(tmp_path, '''
        import threading
        from webio.session import run_js
        run_js("main")
        worker = threading.Thread(target=lambda: run_js("from thread"))
        worker.start()
        worker.join()
    ''')
    children.append(child)

    async def scenario() -> None:
        tab = await WsTab(child.url()).connect()
        await tab.script("main")
        await tab.script("from thread")

    asyncio.run(scenario())
    assert child.wait() == 0


def test_servers_never_start_script_mode(tmp_path: Path) -> None:
    child = script(tmp_path, '''
        from webio.session import run_js, SessionNotFoundException
        from webio.session.context import enter_server_mode
        enter_server_mode()
        try:
            run_js("x")
        except SessionNotFoundException as exc:
            print("refused:", exc, flush=True)
    ''')
    assert child.wait() == 0
    assert "refused: run_js() called outside a session" in child.output
    assert "http://" not in child.output
