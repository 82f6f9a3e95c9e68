"""Real servers for the resilience tests, started as a user would, and what a test reads of them.

``SERVERS`` names each way of serving ``apps/guard_apps.py`` (the command line, in a process of its
own); ``serve(name, transport, ...)`` starts one on a free port and yields a ``Served`` (URL,
process, marker directory, output); it stops the server with SIGTERM afterwards. ``threads(pid)``
counts the threads of a server's process tree (gunicorn's worker included) from /proc; ``rss_kib``
its resident memory. ``open_http_session`` opens a session over the HTTP transport the way a tab
does and abandons it.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from tests.conformance.servers import free_port, stop, wait_accepting

HERE = Path(__file__).resolve().parent
APPS_DIR = HERE / "apps"
START_TIMEOUT = 40.0
Command = Callable[[int], list[str]]


def _python(code: str) -> Command:
    return lambda port: [sys.executable, "-c", code.replace("{port}", str(port))]


def _tool(*args: str) -> Command:
    return lambda port: [sys.executable, "-m", *(arg.replace("{port}", str(port)) for arg in args)]


def _start(module: str, extra: str = "") -> Command:
    return _python(f"import guard_apps as a; from webio.{module} import start_server; "
                   f"start_server(a.APPS, port={{port}}, host='127.0.0.1', **a.OPTIONS{extra})")


def _gunicorn(target: str) -> Command:
    return _tool("gunicorn", "-w", "1", "--threads", "16", "--graceful-timeout", "3", "-b", "127.0.0.1:{port}", target)


def _uvicorn(target: str) -> Command:
    return _tool("uvicorn", target, "--host", "127.0.0.1", "--port", "{port}", "--timeout-graceful-shutdown", "3")


# name -> (command, transports it serves)
SERVERS: dict[str, tuple[Command, tuple[str, ...]]] = {
    "tornado": (_start("tornado", ", transport=a.TRANSPORT, reconnect_timeout=a.RECONNECT"), ("http", "websocket")),
    "tornado-xheaders": (_start("tornado", ", transport=a.TRANSPORT, xheaders=True"), ("http", "websocket")),
    "flask-werkzeug": (_start("flask"), ("http",)),
    "flask-gunicorn": (_gunicorn("guard_apps:flask_app"), ("http",)),
    "django-gunicorn": (_gunicorn("guard_apps:django_wsgi_app"), ("http",)),
    "django-start_server": (_python("import guard_apps as a; from webio.django import start_server; "
                                    "start_server(a.APPS, port={port}, host='127.0.0.1', transport=a.TRANSPORT, "
                                    "reconnect_timeout=a.RECONNECT, WEBIO=dict(a.LIMITS), **a.EXPIRY)"),
                            ("http", "websocket")),
    "django-uvicorn": (_uvicorn("guard_apps:django_asgi_app"), ("http", "websocket")),
    "django-daphne": (_tool("daphne", "-b", "127.0.0.1", "-p", "{port}", "guard_apps:django_asgi_app"),
                      ("http", "websocket")),
    "starlette-uvicorn": (_uvicorn("guard_apps:starlette_app"), ("http", "websocket")),
    "starlette-start_server": (_start("starlette", ", transport=a.TRANSPORT, reconnect_timeout=a.RECONNECT"),
                               ("http", "websocket")),
    "aiohttp": (_tool("aiohttp.web", "-H", "127.0.0.1", "-P", "{port}", "guard_apps:aiohttp_app_factory"),
                ("http", "websocket")),
    "aiohttp-start_server": (_start("aiohttp", ", transport=a.TRANSPORT, reconnect_timeout=a.RECONNECT"),
                             ("http", "websocket")),
}


@dataclass
class Served:
    """A running server: its URL (of the webio apps), process, marker directory and output file."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    markers: Path
    log: Any

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return str(self.log.read().decode(errors="replace"))

    def marker_times(self) -> list[float]:
        """When each ``defer_call`` marker was written (one file per session that ended)."""
        return [float(path.read_text()) for path in self.markers.iterdir() if not path.name.endswith(".tmp")]

    @property
    def threads(self) -> int:
        return threads(self.process.pid)

    @property
    def rss_kib(self) -> int:
        return rss_kib(self.process.pid)


@contextlib.contextmanager
def serve(name: str, transport: str = "http", *, expire: float = 2, cleanup: float = 1,
          limits: Optional[dict[str, Any]] = None, reconnect: float = 0) -> Iterator[Served]:
    """Run server ``name`` serving ``transport``; SIGTERM (then SIGKILL) when the block ends."""
    command, transports = SERVERS[name]
    assert transport in transports, f"{name} does not serve {transport}"
    port = free_port()
    with tempfile.TemporaryDirectory() as markers, tempfile.TemporaryFile() as log:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(APPS_DIR), os.environ.get("PYTHONPATH", "")]),
                   WEBIO_GUARD_MARKERS=markers, WEBIO_GUARD_TRANSPORT=transport, WEBIO_GUARD_EXPIRE=str(expire),
                   WEBIO_GUARD_CLEANUP=str(cleanup), WEBIO_GUARD_LIMITS=json.dumps(limits or {}),
                   WEBIO_GUARD_RECONNECT=str(reconnect), WEBIO_NO_BROWSER="1", PYTHONUNBUFFERED="1")
        process = subprocess.Popen(command(port), cwd=APPS_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        served = Served(f"http://127.0.0.1:{port}/", port, process, Path(markers), log)
        try:
            wait_accepting(name, process, port, served.output, START_TIMEOUT)
            yield served
        finally:
            stop(process, timeout=15)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            pids += [child for text in (task / "children").read_text().split() for child in _tree(int(text))]
    return pids


def threads(pid: int) -> int:
    """Threads of ``pid`` and its child processes."""
    total = 0
    for each in _tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("Threads:"):
                    total += int(line.split()[1])
    return total


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its child processes, in KiB."""
    total = 0
    for each in _tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def get_page(port: int, app: str, headers: Optional[dict[str, str]] = None) -> tuple[int, dict[str, str], str]:
    """GET the page of ``app``: status, headers, text."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", f"/?app={app}", headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode(errors="replace")
    finally:
        conn.close()


def post_http(port: int, app: str, body: dict[str, Any], session_id: Optional[str] = None,
              headers: Optional[dict[str, str]] = None, path: str = "/") -> tuple[int, dict[str, Any]]:
    """One HTTP-transport request (``POST ?_webio=http``); the status and the JSON reply."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if session_id:
            sent["Webio-Session-Id"] = session_id
        conn.request("POST", f"{path}?app={app}&_webio=http", json.dumps(body), sent)
        response = conn.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, {"text": data.decode(errors="replace")}
    finally:
        conn.close()


def open_http_session(port: int, app: str = "marker", headers: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Open a session the way a tab does (a POST without a session id) and return the reply; the
    tab is then abandoned: it sends nothing more."""
    status, reply = post_http(port, app, {"ack": 0, "events": [], "wait": 0}, headers=headers)
    assert status == 200, (status, reply)
    return reply


def settle(predicate: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    """Wait until ``predicate()`` is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)


def steady_threads(served: Served, quiet: float = 1.5, timeout: float = 20) -> int:
    """The server's thread count once it stayed the same for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = served.threads, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = served.threads
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last
