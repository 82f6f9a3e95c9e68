"""Running e2e app modules under the real server, in a subprocess, on a free loopback port.

An app module (``tests/e2e/apps_*.py``) defines ``APPS`` (what ``webio.start_server`` takes: a
dict, a list or one function) and may define ``SERVER_OPTIONS`` (keyword arguments of
``start_server``). ``python -m tests.e2e.serve MODULE PROTOCOL`` serves it on port 0; the server
prints its URL, which ``AppServer`` reads. The process is stopped when the ``with`` block ends,
even when the test failed.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Optional

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"(http://127\.0\.0\.1:\d+/)")
START_TIMEOUT = 20.0


class OutputReader:
    """Collects a subprocess's output lines in a thread; ``wait_for`` finds a line by pattern."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: list[str] = []
        self._new: queue.Queue[Optional[str]] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace")
            self.lines.append(line)
            self._new.put(line)
        self._new.put(None)

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> Optional[re.Match[str]]:
        """The first match of ``pattern`` in a line (looking at lines already read first)."""
        for line in list(self.lines):
            found = pattern.search(line)
            if found:
                return found
        try:
            while True:
                line = self._new.get(timeout=timeout)
                if line is None:
                    return None
                found = pattern.search(line)
                if found:
                    return found
        except queue.Empty:
            return None

    @property
    def text(self) -> str:
        return "".join(self.lines)


@contextmanager
def running_process(args: list[str], env: Optional[dict[str, str]] = None) -> Iterator[tuple[subprocess.Popen[bytes], OutputReader]]:
    """A Python subprocess started in the repository root; stopped (then killed) on exit."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "WEBIO_NO_BROWSER": "1", **(env or {})},
    )
    assert proc.stdout is not None
    reader = OutputReader(proc.stdout)
    try:
        yield proc, reader
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


class AppServer:
    """A started server: its base URL and what it printed."""

    def __init__(self, url: str, proc: subprocess.Popen[bytes], output: OutputReader) -> None:
        self.url = url
        self.proc = proc
        self.output = output

    def app(self, name: str) -> str:
        return f"{self.url}?app={name}"


@contextmanager
def app_server(module: str, protocol: str = "websocket") -> Iterator[AppServer]:
    """Serves ``tests.e2e.MODULE`` with ``webio.start_server`` until the block ends."""
    with app_servers([(module, protocol)]) as servers:
        yield servers[0]


@contextmanager
def app_servers(specs: list[tuple[str, str]]) -> Iterator[list[AppServer]]:
    """Several servers (module, protocol), started side by side."""
    with ExitStack() as stack:
        started = [(module, stack.enter_context(running_process(["-m", "tests.e2e.serve", module, protocol])))
                   for module, protocol in specs]
        servers = []
        for module, (proc, output) in started:
            found = output.wait_for(URL_LINE, START_TIMEOUT)
            if found is None:
                raise RuntimeError(f"the e2e server for {module} did not start:\n{output.text}")
            servers.append(AppServer(found.group(1), proc, output))
        yield servers
