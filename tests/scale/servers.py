"""Real multi-process servers for the scale tests: gunicorn and uvicorn with several workers on one
Redis bus, started once per test module. Each server writes an access log naming the worker process
(pid) and the session of every request, so a test can check that a tab's requests crossed workers."""
from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
# gunicorn's access log: worker pid, then the session id header ("-" for a new tab).
ACCESS_FORMAT = "%(p)s %({webio-session-id}i)s"


@dataclass
class Server:
    url: str
    process: "subprocess.Popen[bytes]"
    log_path: Path
    access_path: Path

    def workers_per_session(self) -> dict[str, set[str]]:
        """For each session id, the worker processes (pids) that answered its requests."""
        served: dict[str, set[str]] = collections.defaultdict(set)
        for line in self.access_path.read_text().splitlines():
            pid, _, session_id = line.strip().partition(" ")
            if session_id and session_id != "-":
                served[session_id].add(pid.strip("<>"))
        return served

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _wait_listening(process: "subprocess.Popen[bytes]", port: int, log_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited at start:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not listen within {seconds:g} s") from None
            time.sleep(0.2)


@contextmanager
def running_server(args: list[str], env: dict[str, str], port: int, path: str = "/",
                   access_path: Path | None = None) -> Iterator[Server]:
    """Run ``args`` (a server on ``port``) from the repository root; stop it with SIGTERM at the end."""
    folder = Path(tempfile.mkdtemp(prefix="webio-scale-"))
    log_path = folder / "server.log"
    access_path = access_path or folder / "access.log"
    access_path.touch()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **env,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}{path}", process, log_path, access_path)
    try:
        _wait_listening(process, port, log_path)
        time.sleep(1.5)  # every worker process imported the app and joined the bus
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def gunicorn_args(app: str, port: int, access_path: Path, *, workers: int = 4, threads: int = 8,
                  extra: tuple[str, ...] = ()) -> list[str]:
    """``gunicorn -w N -k gthread --threads T app`` on ``port``, connections not kept alive (so each
    request of a tab may land on any worker), an access log naming worker and session."""
    return [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
            "-b", f"127.0.0.1:{port}", "--keep-alive", "0", "--graceful-timeout", "20",
            "--access-logfile", str(access_path), "--access-logformat", ACCESS_FORMAT, *extra, app]


@contextmanager
def gunicorn(app: str, bus_url: str, *, workers: int = 4, env: dict[str, str] | None = None, path: str = "/",
             extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """A gunicorn server of ``app`` whose workers share the bus ``bus_url`` (``$SCALE_TEST_BUS``)."""
    port = free_port()
    access_path = Path(tempfile.mkdtemp(prefix="webio-gunicorn-")) / "access.log"
    args = gunicorn_args(app, port, access_path, workers=workers, extra=extra)
    with running_server(args, {"SCALE_TEST_BUS": bus_url, **(env or {})}, port, path, access_path) as server:
        yield server
