"""A real redis-server for tests: on a free port, nothing written to disk, killed at the end.

    with running_redis() as server:              # or running_redis(password="s3cret")
        bus = RedisBus.from_url(server.url)

A missing redis-server fails with how to install it (tests/run-all.sh installs it on Debian).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional


@dataclass
class RedisServer:
    port: int
    password: Optional[str]
    process: "subprocess.Popen[bytes]"
    args: list[str]

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def start_again(self) -> None:
        """Start a fresh, empty server on the same port (after ``stop``: an outage and its end)."""
        self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_until_listening(self.port, self.process)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_server_path() -> str:
    path = shutil.which("redis-server")
    if path is None:
        raise FileNotFoundError("redis-server is not installed: apt-get install redis-server "
                                "(tests/run-all.sh does it), or put it on PATH")
    return path


def _wait_until_listening(port: int, process: "subprocess.Popen[bytes]", seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"redis-server did not listen on port {port} within {seconds} s")


@contextmanager
def running_redis(password: Optional[str] = None) -> Iterator[RedisServer]:
    """Start redis-server on a free loopback port; kill it on exit."""
    path = redis_server_path()
    with tempfile.TemporaryDirectory(prefix="webio-redis-") as workdir:
        for _ in range(5):
            port = free_port()
            args = [path, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", workdir, "--protected-mode", "no"]
            if password:
                args += ["--requirepass", password]
            process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                _wait_until_listening(port, process)
            except RuntimeError:  # the port was taken in between: try another
                continue
            server = RedisServer(port, password, process, args)
            try:
                yield server
            finally:
                server.stop()
            return
        raise RuntimeError("could not start redis-server on a free port")
