"""redirect_stdout and run_shell: print() and a shell command's output land on the page."""
from __future__ import annotations

import sys
import threading

from webio.battery import logbox_append, put_logbox, redirect_stdout, run_shell
from webio.output import put_text
from webio.session import register_thread
from webio.testing import run_app


def test_print_inside_redirect_stdout_shows_on_the_page_and_only_there(capsys: object) -> None:
    def app() -> None:
        with redirect_stdout():
            print("Hello <b>world</b>.")
            print("second", "line", sep="-")
        print("after the block")  # back to the real stdout

    client = run_app(app)
    assert client.text == "Hello <b>world</b>.\nsecond-line"  # page text ends without the last newline
    assert "after the block" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_redirect_is_per_thread_so_other_sessions_keep_their_stdout(capsys: object) -> None:
    started, release = threading.Event(), threading.Event()

    def app() -> None:
        with redirect_stdout(lambda text: put_text(text.strip()) if text.strip() else None):
            started.set()
            release.wait(5)
            print("from the session")

    client = run_app(app, wait=False)
    started.wait(5)
    print("from another thread")  # while the session's redirect is active
    release.set()
    client.wait_until(lambda c: "from the session" in c.text, timeout=5)
    assert client.text == "from the session"
    assert "from another thread" in capsys.readouterr().out  # type: ignore[attr-defined]
    assert sys.stdout is not None


def test_run_shell_streams_lines_and_returns_the_exit_code() -> None:
    def app() -> None:
        code = run_shell("echo one; echo two >&2; printf 'caf\\303\\251\\n'; exit 3")
        put_text("exit code", code)

    client = run_app(app)
    assert client.text == "one\ntwo\ncafé\nexit code 3"


def test_run_shell_into_a_logbox() -> None:
    def app() -> None:
        put_logbox("log", height=200)
        run_shell("printf 'a\\nb\\n'", output_func=lambda line: logbox_append("log", line))

    client = run_app(app)
    assert client.scope("webio-logbox-log").text == "a\nb"


def test_run_shell_from_a_registered_thread() -> None:
    def app() -> None:
        worker = threading.Thread(target=lambda: run_shell("echo threaded"))
        register_thread(worker)
        worker.start()
        worker.join()

    client = run_app(app)
    client.wait_until(lambda c: "threaded" in c.text, timeout=5)
    assert client.text == "threaded"
