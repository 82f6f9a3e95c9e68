"""How to start each real server on 127.0.0.1 with the apps of ``apps/scenario_apps.py``.

Each ``ServerSpec`` names the modules it needs, the transports it serves, the URL path of the
webio apps, and the command line (as a user would type it in production). ``running(spec,
protocol)`` starts it in a subprocess on a free port, waits until it accepts connections and
yields the app URL; the process is stopped (SIGTERM, then SIGKILL) afterwards.

``proxied(url, mode)`` runs the reverse proxy of ``proxy.py`` in front of such a server, mounting
it at ``PROXY_PREFIX/``.

Example::

    with running(SERVERS["starlette-uvicorn"], "websocket") as url:
        client = webio.testing.connect(url + "?app=greet")
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from typing import IO, Callable, Iterator, Optional, Union

from webio.testing import connect

HERE = Path(__file__).resolve().parent
APPS_DIR = HERE / "apps"
START_TIMEOUT = 30.0
PROXY_PREFIX = "/tools/x"
Command = Callable[[int, str], list[str]]


@dataclass(frozen=True)
class ServerSpec:
    """One way of serving the scenario apps."""

    name: str
    backend: str                       # what ``session.info.backend`` says
    requires: tuple[str, ...]          # importable modules the server needs
    command: Command                   # (port, protocol) -> argv
    transports: tuple[str, ...] = ("websocket", "http")
    path: str = "/"                    # where the webio apps answer
    env: dict[str, str] = field(default_factory=dict)
    # the class of ``session.info.request`` ("module.Class"), per transport when they differ
    request_type: Union[str, dict[str, str]] = ""

    @property
    def plugin(self) -> str:
        """The webio plugin under test (``fastapi-uvicorn`` tests ``webio.starlette`` in FastAPI)."""
        return self.name.split("-")[0]

    @property
    def proxy_mode(self) -> str:
        """How a reverse proxy mounts it at ``PROXY_PREFIX``: an app served at the root of its server
        is mounted by stripping the prefix; one mounted at the prefix in its framework keeps it."""
        return "keep" if self.path.rstrip("/") == PROXY_PREFIX else "strip"

    def request_type_for(self, transport: str) -> str:
        return self.request_type if isinstance(self.request_type, str) else self.request_type[transport]

    def missing(self) -> list[str]:
        return [module for module in self.requires if importlib.util.find_spec(module) is None]


def _python(code: str) -> Command:
    return lambda port, protocol: [sys.executable, "-c", code.format(port=port, protocol=protocol)]


def _tool(*args: str) -> Command:
    """A server's command line; ``{port}`` is filled in (run with this interpreter's ``-m``)."""
    return lambda port, protocol: [sys.executable, "-m", *(arg.format(port=port) for arg in args)]


def _gunicorn(name: str, backend: str, target: str, request_type: str, threads: int = 64) -> ServerSpec:
    """One threaded gunicorn worker (docs/frameworks.md). Up to ``http_max_held_polls`` open HTTP
    tabs hold a thread for their long poll (up to 20 s), and the browser scenarios leave tabs
    behind faster than that: 64 threads keep some free (see ``DOCUMENTED_GUNICORN``). A short
    graceful timeout: on SIGTERM gunicorn would otherwise wait for those polls."""
    return ServerSpec(name, backend, (backend, "gunicorn", f"webio.{backend}"),
                      _tool("gunicorn", "-w", "1", "--threads", str(threads), "--graceful-timeout", "2",
                            "-b", "127.0.0.1:{port}", target),
                      transports=("http",), request_type=request_type)


def _uvicorn(target: str) -> Command:
    """uvicorn serving ``target``. With the HTTP transport, SIGTERM would wait for the requests in
    flight, long polls of tabs left behind included: not for long. (With WebSockets webio itself
    must stop at once: tests/starlette checks it with this same command.)"""
    def command(port: int, protocol: str) -> list[str]:
        argv = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
        return argv + (["--timeout-graceful-shutdown", "1"] if protocol == "http" else [])

    return command


_START = ("import scenario_apps as a; from webio.{module} import start_server; "
          "start_server(a.APPS, port={{port}}, host='127.0.0.1', reconnect_timeout=a.RECONNECT_TIMEOUT, "
          "**a.OPTIONS{extra})")
_HTTP = ", **a.HTTP_OPTIONS"

SERVERS: dict[str, ServerSpec] = {spec.name: spec for spec in [
    ServerSpec("tornado", "tornado", ("tornado", "webio.tornado"),
               _python(_START.format(module="tornado", extra=", protocol='{protocol}'" + _HTTP)),
               request_type="tornado.httputil.HTTPServerRequest"),
    ServerSpec("starlette-uvicorn", "starlette", ("starlette", "uvicorn"),
               _uvicorn("scenario_apps:starlette_app"),
               request_type={"websocket": "starlette.websockets.WebSocket", "http": "starlette.requests.Request"}),
    ServerSpec("fastapi-uvicorn", "starlette", ("fastapi", "uvicorn"),
               _uvicorn("scenario_apps:fastapi_app"),
               path="/tools/x/",
               request_type={"websocket": "starlette.websockets.WebSocket", "http": "starlette.requests.Request"}),
    ServerSpec("starlette-start_server", "starlette", ("starlette", "uvicorn"),
               _python(_START.format(module="starlette", extra="")), transports=("websocket",),
               request_type="starlette.websockets.WebSocket"),
    ServerSpec("aiohttp", "aiohttp", ("aiohttp",),
               _tool("aiohttp.web", "-H", "127.0.0.1", "-P", "{port}", "scenario_apps:aiohttp_app_factory"),
               path="/tools/x/", request_type="aiohttp.web_request.Request"),
    ServerSpec("aiohttp-start_server", "aiohttp", ("aiohttp",),
               _python(_START.format(module="aiohttp", extra="")), transports=("websocket",),
               request_type="aiohttp.web_request.Request"),
    _gunicorn("flask-gunicorn", "flask", "scenario_apps:flask_app", "flask.wrappers.Request"),
    _gunicorn("django-gunicorn", "django", "scenario_apps:django_wsgi_app", "django.core.handlers.wsgi.WSGIRequest"),
    ServerSpec("flask-start_server", "flask", ("flask", "webio.flask"),
               _python("import scenario_apps as a; from webio.flask import start_server; "
                       "start_server(a.APPS, port={port}, host='127.0.0.1', **a.OPTIONS, **a.HTTP_OPTIONS)"),
               transports=("http",), request_type="flask.wrappers.Request"),
    ServerSpec("django-start_server", "django", ("django", "channels", "webio.django"),
               _python(_START.format(module="django", extra=", transport='{protocol}'" + _HTTP)),
               request_type={"websocket": "django.core.handlers.asgi.ASGIRequest",
                             "http": "django.core.handlers.wsgi.WSGIRequest"}),
    ServerSpec("django-uvicorn", "django", ("django", "channels", "uvicorn", "webio.django"),
               _uvicorn("scenario_apps:django_asgi_app"),
               transports=("websocket",), request_type="django.core.handlers.asgi.ASGIRequest"),
    ServerSpec("django-daphne", "django", ("django", "channels", "daphne", "webio.django"),
               _tool("daphne", "-b", "127.0.0.1", "-p", "{port}", "scenario_apps:django_asgi_app"),
               transports=("websocket",), request_type="django.core.handlers.asgi.ASGIRequest"),
]}

# A threaded deployment as docs/frameworks.md shows it, with many threads (``gunicorn -w 1 --threads 64``;
# the default sync worker is tested in tests/flask/test_sync_worker.py).
DOCUMENTED_GUNICORN = _gunicorn("flask-gunicorn-64-threads", "flask", "scenario_apps:flask_app",
                                "flask.wrappers.Request", threads=64)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepting(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def wait_accepting(name: str, process: subprocess.Popen[bytes], port: int, output: Callable[[], str],
                   seconds: float = START_TIMEOUT) -> None:
    """Wait until ``process`` accepts connections on ``port``; RuntimeError with the end of its
    ``output()`` if it exits or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while not _accepting(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start on port {port}:\n{output()[-3000:]}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> Optional[int]:
    """SIGTERM, then SIGKILL after ``timeout`` seconds; the exit status (None if it had to be killed)."""
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        return None


@contextlib.contextmanager
def running(spec: ServerSpec, protocol: str, reconnect_timeout: float = 5,
            extra_env: Optional[dict[str, str]] = None) -> Iterator[str]:
    """Run ``spec`` serving ``protocol`` on a free port; yield the URL of its webio apps."""
    with started(spec, protocol, reconnect_timeout, extra_env) as (url, _):
        yield url


@contextlib.contextmanager
def started(spec: ServerSpec, protocol: str, reconnect_timeout: float = 5,
            extra_env: Optional[dict[str, str]] = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Like ``running``, yielding the process too (to test how the server shuts down)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(APPS_DIR), os.environ.get("PYTHONPATH", "")]),
               WEBIO_TEST_PROTOCOL=protocol, WEBIO_TEST_RECONNECT_TIMEOUT=str(reconnect_timeout),
               WEBIO_NO_BROWSER="1", PYTHONUNBUFFERED="1", **spec.env, **(extra_env or {}))
    with _serving(spec.name, spec.command(port, protocol), port, env) as process:
        yield f"http://127.0.0.1:{port}{spec.path}", process


def start_server_http(name: str, backend: str, needs: tuple[str, ...], module: str, keyword: str) -> ServerSpec:
    """``module.start_server(apps, {keyword}='http')`` in a process of its own, as a user runs it."""
    code = (f"import scenario_apps as a; from {module} import start_server; "
            f"start_server(a.APPS, port={{port}}, host='127.0.0.1', {keyword}='http', **a.OPTIONS, **a.HTTP_OPTIONS)")
    return ServerSpec(name, backend, needs, lambda port, _: [sys.executable, "-c", code.format(port=port)])


def check_serves_http_transport(spec: ServerSpec, request_type: str) -> None:
    """The page of ``spec`` tells the browser to use the HTTP transport, and a session over it runs
    (``whoami`` shows the backend and the type of ``info.request``)."""
    with running(spec, "http") as url:
        with urllib.request.urlopen(url + "?app=whoami") as page:
            config = re.search(r'id="webio-config"[^>]*>(.*?)</script>', page.read().decode(), re.S)
        assert config and json.loads(config.group(1))["transport"] == "http"
        client = connect(url, transport="http", app="whoami")
        try:
            assert f"backend={spec.backend} request={request_type}" in client.text
        finally:
            client.close()


@contextlib.contextmanager
def proxied(upstream_url: str, mode: str) -> Iterator[str]:
    """Run ``proxy.py`` mounting the app at ``upstream_url`` under ``PROXY_PREFIX/``; yield the
    proxied app URL. ``mode``: ``'strip'`` (the app is at the server's root) or ``'keep'``."""
    port = free_port()
    parts = urlsplit(upstream_url)
    argv = [sys.executable, str(HERE / "proxy.py"), str(port), f"{parts.scheme}://{parts.netloc}", PROXY_PREFIX, mode]
    with _serving("proxy", argv, port, dict(os.environ, PYTHONUNBUFFERED="1")):
        yield f"http://127.0.0.1:{port}{PROXY_PREFIX}/"


@contextlib.contextmanager
def _serving(name: str, argv: list[str], port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv``, wait until it accepts connections on ``port``, stop it afterwards."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(argv, cwd=APPS_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        _LOGS[process.pid] = log
        try:
            wait_accepting(name, process, port, lambda: server_output(process))
            yield process
        finally:
            _LOGS.pop(process.pid, None)
            stop(process)


_LOGS: dict[int, IO[bytes]] = {}


def server_output(process: subprocess.Popen[bytes]) -> str:
    """What a server started by ``started`` has printed so far (its stdout and stderr)."""
    fd = _LOGS[process.pid].fileno()
    # pread: the server writes through the same open file, so its offset must not move.
    return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")
