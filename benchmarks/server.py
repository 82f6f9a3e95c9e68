"""One server app in a subprocess on 127.0.0.1: start, wait until it listens, read its RSS, stop."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
MISSING_STATUS = 3
NOT_APPLICABLE_STATUS = 4
START_TIMEOUT = 30.0


class NotMeasurable(Exception):
    """A webio piece this metric needs does not exist yet."""


class NotApplicable(Exception):
    """The implementation has no such server (e.g. PyWebIO has no HTTP transport on aiohttp)."""


class ServerFailed(Exception):
    """The server process died or never listened."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raise_fd_limit() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


class ServerProcess:
    """``with ServerProcess(python, impl, kind, plugin, transport, counts) as server: server.port``"""

    _live: "set[ServerProcess]" = set()

    def __init__(self, python: str, impl: str, kind: str = "thread", plugin: str = "tornado",
                 transport: str = "ws", counts: Optional[dict[str, int]] = None,
                 profile: Optional[str] = None, workers: int = 1) -> None:
        self.python = python
        self.workers = workers  # server processes on the port (benchmarks/apps/serve.py reuse_port_workers)
        self.args = [impl, kind, plugin, transport]
        self.counts = counts or {}
        self.profile = profile
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None
        self._log = tempfile.TemporaryFile()

    def __enter__(self) -> "ServerProcess":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        env["BENCH_WORKERS"] = str(self.workers)
        for scenario, n in self.counts.items():
            env[f"BENCH_N_{scenario.upper()}"] = str(n)
        spy = _py_spy() if self.profile else None
        if self.profile and spy is None:
            env["BENCH_PROFILE"] = self.profile + ".prof"
        self.spy: Optional[subprocess.Popen] = None
        self.proc = subprocess.Popen(
            [self.python, "-m", "benchmarks.apps.serve", *self.args, str(self.port)],
            cwd=str(REPO), env=env, stdout=self._log, stderr=self._log, stdin=subprocess.DEVNULL,
            preexec_fn=_raise_fd_limit if os.name == "posix" else None)
        ServerProcess._live.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._failed()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
                if spy is not None:
                    # Every thread, sampled from outside: collapsed stacks, one line per stack.
                    self.spy = subprocess.Popen(
                        [spy, "record", "--pid", str(self.pid), "--rate", "1000", "--format", "raw",
                         "--output", self.profile + ".txt", "--nonblocking"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(0.5)
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServerFailed(f"{' '.join(self.args)}: not listening after {START_TIMEOUT:.0f} s\n{self.log()}")

    def missing_app(self, scenario: str) -> Optional[str]:
        """Why the server left out the app of ``scenario`` (None: it serves it)."""
        prefix = f"MISSING-APP {scenario}:"
        return next((l[len(prefix):].strip() for l in self.log().splitlines() if l.startswith(prefix)), None)

    def _failed(self) -> None:
        code = self.proc.returncode if self.proc else None
        text = self.log()
        self.stop()
        if code == NOT_APPLICABLE_STATUS:
            line = next((l for l in text.splitlines() if l.startswith("NOT APPLICABLE:")), ": n/a")
            raise NotApplicable(line.split(":", 1)[1].strip())
        if code == MISSING_STATUS:
            line = next((l for l in text.splitlines() if l.startswith("MISSING:")), "MISSING: ?")
            raise NotMeasurable(line.split(":", 1)[1].strip())
        raise ServerFailed(f"{' '.join(self.args)} exited with {code}:\n{text[-3000:]}")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def rss_kib(self) -> int:
        """Resident set size of the server process, in KiB (Linux /proc)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process and its worker processes have used so far (Linux /proc)."""
        total = 0
        for pid in self._pids():
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def _pids(self) -> list[int]:
        """The server process and its children (the other workers)."""
        pids = [self.pid]
        try:
            with open(f"/proc/{self.pid}/task/{self.pid}/children") as children:
                pids += [int(pid) for pid in children.read().split()]
        except OSError:
            pass
        return pids

    def threads(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/task"))

    def connections(self) -> list[int]:
        """Established TCP connections each server process holds (Linux /proc): how the kernel
        spread the clients over the workers."""
        sockets = set()
        with open("/proc/net/tcp") as table:
            for line in list(table)[1:]:
                fields = line.split()
                if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == self.port:  # ESTABLISHED
                    sockets.add(f"socket:[{fields[9]}]")
        counts = []
        for pid in self._pids():
            try:
                links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            except OSError:
                continue
            counts.append(sum(link in sockets for link in links))
        return counts

    def stop(self) -> None:
        if self.spy is not None and self.spy.poll() is None:
            self.spy.send_signal(signal.SIGINT)
            try:
                self.spy.wait(20)
            except subprocess.TimeoutExpired:
                self.spy.kill()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10 if self.profile else 3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(3)
        ServerProcess._live.discard(self)

    @classmethod
    def stop_all(cls) -> None:
        for server in list(cls._live):
            server.stop()


def _py_spy() -> Optional[str]:
    """py-spy from the benchmark venv or PATH (``pip install py-spy`` there to profile every thread)."""
    import shutil

    from .venv import VENV_DIR

    local = VENV_DIR / "bin" / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def python_for(impl: str, pywebio_python: Optional[str]) -> str:
    """The interpreter that runs ``impl``'s server: PyWebIO's and NiceGUI's own venvs, else ours."""
    if impl in ("pywebio", "pywebio_nodelay"):
        assert pywebio_python
        return pywebio_python
    if impl == "nicegui":
        from .venv import ensure_nicegui_venv

        return str(ensure_nicegui_venv())
    return sys.executable
