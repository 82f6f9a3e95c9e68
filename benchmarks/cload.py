"""The C load generator (``benchmarks/loadgen.c``): compiled on first use, run for one busy row.

On a 2-core machine the load generator shares the cores with the servers it measures; the Python
one (``rawws``) spends a quarter of webio's CPU per click, which caps what a second server process can
add. ``loadgen.c`` does the same work (handshake, masked and deflated frames, waiting for each answer)
in C with epoll. Without gcc or zlib's headers ``build()`` says why, and the rows fall back to Python.

    exe, why = build()
    info = run(exe, port, "click", clients=100, warmup=1.0, seconds=5.0, cpu_seconds=server.cpu_seconds)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

SOURCE = Path(__file__).resolve().parent / "loadgen.c"
_built: dict[str, tuple[Optional[Path], str]] = {}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "webio-benchmarks"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def build() -> tuple[Optional[Path], str]:
    """The compiled generator (cached by the source's hash), or None and why it could not be built."""
    source = SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    if digest in _built:
        return _built[digest]
    exe = cache_dir() / f"loadgen-{digest}"
    if exe.exists():
        result: tuple[Optional[Path], str] = (exe, "cached")
    elif shutil.which("gcc") is None:
        result = (None, "gcc is not installed (apt-get install gcc zlib1g-dev)")
    else:
        partial = exe.with_suffix(f".{os.getpid()}.tmp")
        proc = subprocess.run(["gcc", "-O2", "-o", str(partial), str(SOURCE), "-lz"], capture_output=True, text=True)
        if proc.returncode != 0:
            why = proc.stderr.strip().splitlines()[:1] or ["gcc failed"]
            hint = " (apt-get install zlib1g-dev)" if "zlib.h" in proc.stderr or "-lz" in proc.stderr else ""
            result = (None, f"could not compile {SOURCE.name}: {why[0]}{hint}")
        else:
            os.replace(partial, exe)
            for old in exe.parent.glob("loadgen-*"):  # builds of earlier versions of the source
                if old != exe and not old.name.endswith(".tmp"):
                    old.unlink(missing_ok=True)
            result = (exe, "compiled")
    _built[digest] = result
    return result


def command(exe: Path, port: int, app: str, clients: int, warmup: float, seconds: float,
            max_actions: int = 0) -> list[str]:
    """The generator's argv for webio's ``app`` (``click`` or ``echo``) on 127.0.0.1:``port``."""
    return [str(exe), "127.0.0.1", str(port), f"/?app={app}", f"http://127.0.0.1:{port}", app, str(clients),
            str(warmup), str(seconds), str(max_actions)]


def run(exe: Path, port: int, app: str, clients: int, warmup: float, seconds: float,
        cpu_seconds: Callable[[], float], timeout: float = 180.0,
        connections: Optional[Callable[[], list[int]]] = None) -> dict[str, Any]:
    """``clients`` pages (``click``) or sessions (``echo``) busy for ``seconds`` after ``warmup``:
    actions per second, the server's CPU per action over the same window, the generator's own, and
    (``connections``) how many connections each server process held."""
    proc = subprocess.Popen(command(exe, port, app, clients, warmup, seconds), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    try:
        lines = []
        cpu_before = cpu_after = 0.0
        spread: Optional[list[int]] = None
        for expected in ("open", "start", "{"):
            line = proc.stdout.readline()
            if not line.startswith(expected):
                proc.kill()
                raise RuntimeError(f"the C load generator stopped: {proc.stderr.read().strip() or line.strip()}")
            if expected == "start":
                cpu_before = cpu_seconds()
                spread = connections() if connections else None
            elif expected == "{":
                cpu_after = cpu_seconds()
            lines.append(line)
        proc.stdin.close()  # the generator closes its connections now, outside the window
        proc.wait(timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    info: dict[str, Any] = json.loads(lines[-1])
    info["cpu_ms_each"] = (cpu_after - cpu_before) * 1000 / max(info["count"], 1)
    info["generator"] = "C"
    if spread is not None:
        info["connections"] = spread
    return info
