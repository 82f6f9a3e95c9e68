"""The ``webio`` command in a child process: ``run`` and ``path-deploy``."""
from __future__ import annotations

import asyncio
import signal
import textwrap
import time
from pathlib import Path


from tests.platform.processes import Child
from tests.tornado.tabs import HttpTabOver, WsTab, echo, http_get

APP = textwrap.dedent('''
    from webio.session import eval_js, run_js

    def main():
        run_js("hello")
        count = 0
        while True:
            value = eval_js("next()")
            count += 1
            run_js("echo", value=value, count=count)

    def other():
        run_js("hello")
        run_js("echo", value="other", count=0)

    if __name__ == "__main__":
        raise SystemExit("the CLI must not run the file as __main__")
''')


def test_run_serves_main_and_stops_cleanly_on_sigterm(tmp_path: Path, children: list[Child]) -> None:
    (tmp_path / "app.py").write_text(APP)
    child = Child("-m", "webio", "run", "app.py", "--port", "0", cwd=tmp_path)
    children.append(child)
    url = child.url()

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        assert await echo(tab, "hi") == {"value": "hi", "count": 1}
        child.proc.send_signal(signal.SIGTERM)
        assert await tab.closed(timeout=5)
        assert tab.browser.closed, "open pages learn that the server went away"

    asyncio.run(scenario())
    assert child.wait() == 0


def test_run_picks_a_function_and_a_backend(tmp_path: Path, children: list[Child]) -> None:
    (tmp_path / "app.py").write_text(APP)
    child = Child("-m", "webio", "run", "app.py:other", "--port", "0", "--backend", "tornado_http",
                  cwd=tmp_path)
    children.append(child)
    tab = HttpTabOver(child.url())
    tab.open()
    assert tab.script("echo")["spec"]["args"]["value"] == "other"


def test_run_explains_mistakes(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    missing = Child("-m", "webio", "run", "nope.py", cwd=tmp_path)
    assert missing.wait() == 2 and "no such file: nope.py" in missing.output
    no_func = Child("-m", "webio", "run", "app.py:absent", cwd=tmp_path)
    assert no_func.wait() == 2 and "app.py has no function 'absent'" in no_func.output


def test_path_deploy_command(tmp_path: Path, children: list[Child]) -> None:
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "echo.py").write_text(APP)
    child = Child("-m", "webio", "path-deploy", str(tmp_path), "--port", "0")
    children.append(child)
    url = child.url()
    assert b'href="tools/"' in http_get(url)[2]

    async def scenario() -> None:
        tab = await WsTab(url + "tools/echo").connect()
        assert await echo(tab, 5) == {"value": 5, "count": 1}
        tab.close()

    asyncio.run(scenario())


def test_run_debug_reloads_on_change(tmp_path: Path, children: list[Child]) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP)
    child = Child("-m", "webio", "run", "app.py", "--port", "0", "--debug", cwd=tmp_path)
    children.append(child)
    child.url()
    time.sleep(1.0)  # let the file watcher take its first look
    app.write_text(APP.replace('run_js("hello")', 'run_js("hello again")'))
    deadline = time.monotonic() + 20
    while child.output.count("serving on") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert child.output.count("serving on") >= 2, child.output
    url = [line for line in child.lines if "serving on" in line][-1].split()[-1].replace("localhost", "127.0.0.1")

    async def scenario() -> None:
        tab = await WsTab(url).connect()
        await tab.script("hello again")
        tab.close()

    asyncio.run(scenario())
