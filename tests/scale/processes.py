"""Server processes of the multi-process tests: started with a log file, waited for, stopped.

    with served([sys.executable, "-m", "tests.scale.tornado_node", str(port)], port, env) as node:
        ...  # node.log() is what the process wrote so far
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]


class Served:
    """A running server process and its output."""

    def __init__(self, process: "subprocess.Popen[bytes]", port: int, output: IO[bytes]) -> None:
        self.process = process
        self.port = port
        self.output = output

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log(self) -> str:
        self.output.flush()
        return Path(self.output.name).read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def server_env(**extra: str) -> dict[str, str]:
    """The environment of a server process: this checkout importable, ``extra`` added."""
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **extra}


def wait_listening(port: int, process: "subprocess.Popen[bytes]", what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"{what} exited at start"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, f"{what} did not listen within {seconds} s"
            time.sleep(0.1)


@contextmanager
def served(command: list[str], port: int, env: dict[str, str], what: Optional[str] = None) -> Iterator[Served]:
    """Run ``command`` (in its own process group) until it listens on ``port``; stop it on exit."""
    with tempfile.NamedTemporaryFile(prefix="webio-scale-", suffix=".log") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        server = Served(process, port, output)
        try:
            wait_listening(port, process, what or " ".join(command[:4]))
            yield server
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    server.kill()


def served_workers(stack: ExitStack, module: str, bus_url: str, names: Sequence[str] = ("owner", "other")) -> list[Served]:
    """One ``python -m module PORT`` worker per name, each on a free port, all on the bus at
    ``bus_url``; stopped when ``stack`` closes."""
    from tests.redis_server import free_port

    env = server_env(WEBIO_BUS=bus_url)
    workers = []
    for name in names:
        port = free_port()
        workers.append(stack.enter_context(served([sys.executable, "-m", module, str(port)], port, env,
                                                  f"the {name} worker")))
    return workers


def status_of(url: str) -> int:
    """The HTTP status ``url`` answers with (an error status too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (test URL)
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_for_status(url: str, status: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while status_of(url) != status:
        assert time.monotonic() < deadline, f"{url} did not answer {status} within {seconds} s"
        time.sleep(0.2)


def wait_for_readiness(workers: Sequence[Served], status: int) -> None:
    """Each worker's readiness probe answers ``status`` (503 once it noticed the bus is down: its
    heartbeat failed; 200 once it is back)."""
    for worker in workers:
        wait_for_status(worker.url + "?_webio=ready", status)
