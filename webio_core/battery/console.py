"""``redirect_stdout`` and ``run_shell``: print() and shell output shown on the page."""
from __future__ import annotations

import subprocess
import sys
import threading
from functools import partial
from typing import Any, Callable, Optional, TextIO

from ..output import put_text

OutputFunc = Callable[[str], Any]


class _ThreadRoutedStdout:
    """``sys.stdout`` while a redirect is active: each thread writes to its own target.

    ``contextlib.redirect_stdout`` swaps the process-wide stream, so one session's print() would
    land in another session's page; here only the thread that entered the redirect is affected.
    """

    def __init__(self, original: TextIO) -> None:
        self.original = original
        self.local = threading.local()

    def _target(self) -> Optional[OutputFunc]:
        stack: list[OutputFunc] = getattr(self.local, "stack", [])
        return stack[-1] if stack else None

    def write(self, text: str) -> int:
        target = self._target()
        if target is None:
            return self.original.write(text)
        if text:
            target(text)
        return len(text)

    def flush(self) -> None:
        if self._target() is None:
            self.original.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)


_install_lock = threading.Lock()


def _routed_stdout() -> _ThreadRoutedStdout:
    with _install_lock:
        current = sys.stdout
        if not isinstance(current, _ThreadRoutedStdout):
            current = _ThreadRoutedStdout(current)
            sys.stdout = current
        return current


class redirect_stdout:  # noqa: N801 (documented lower-case API name)
    """Show what this thread print()s on the page while the block runs (other sessions unaffected).

    Example::

        with redirect_stdout():
            print("Hello world.")
    """

    def __init__(self, output_func: OutputFunc = partial(put_text, inline=True)) -> None:
        if not callable(output_func):
            raise TypeError(f"redirect_stdout() output_func must be callable (e.g. put_text), got {output_func!r}")
        self.output_func = output_func
        self._stream: Optional[_ThreadRoutedStdout] = None

    def __enter__(self) -> redirect_stdout:
        self._stream = _routed_stdout()
        stack = getattr(self._stream.local, "stack", None)
        if stack is None:
            stack = self._stream.local.stack = []
        stack.append(self.output_func)
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._stream is not None
        self._stream.local.stack.pop()


def run_shell(cmd: str, output_func: OutputFunc = partial(put_text, inline=True), encoding: str = "utf8") -> int:
    """Run ``cmd`` in a shell, show its output (stdout and stderr) line by line, return its exit code.

    Example::

        put_logbox("log")
        code = run_shell("ls -l", output_func=lambda line: logbox_append("log", line))
    """
    if not callable(output_func):
        raise TypeError(f"run_shell() output_func must be callable (e.g. put_text), got {output_func!r}")
    process = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    try:
        for line in iter(process.stdout.readline, b""):
            output_func(line.decode(encoding, errors="replace"))
        return process.wait()
    finally:  # the page went away (output_func raised): do not leave the command running
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
