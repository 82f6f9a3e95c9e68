"""A real multi-process deployment: ``uvicorn --workers 4`` with ``asgi_app(app, bus=redis_url)``.

Every request uses a new connection (HTTP: one per request; WebSocket: a new socket per round),
so the kernel spreads a tab's requests over the worker processes; the bus routes each to the
session's owner. Twenty HTTP tabs of ten round trips each (thread and coroutine apps), five
WebSocket tabs moving between two servers: nothing broken, lost or repeated.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.redis_server import RedisServer, free_port
from tests.scale.deploy_apps import SHORT_ROUNDS
from tests.scale.scripted import assert_twenty_tabs_crossed_workers
from tests.scale.servers import Server, running_server
from tests.scale.tabs import chromium_answers

from webio.session.ids import owner_of
from webio.testing import connect

ROOT = Path(__file__).resolve().parents[2]
TABS = 5
ROUNDS = 10  # as in deploy_app.py


@contextmanager
def uvicorn_workers(bus_url: str, transport: str, workers: int = 2) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "SCALE_TEST_BUS": bus_url, "SCALE_TEST_TRANSPORT": transport,
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "tests.scale.deploy_app:app", "--host", "127.0.0.1",
                                "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
                               cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "uvicorn exited at start"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "uvicorn did not listen within 60 s"
                time.sleep(0.2)
        time.sleep(2)  # every worker process imported the app and joined the bus
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(30)


def said_lines(client: Any) -> list[str]:
    return [line for line in client.text.splitlines() if line.startswith("Hello") or line == "done"]


@pytest.fixture(scope="module")
def four_workers(redis_server: RedisServer) -> Iterator[Server]:
    """``uvicorn tests.scale.starlette_deploy:app --workers 4`` on the Redis bus, for the module."""
    port = free_port()
    access_path = Path(tempfile.mkdtemp(prefix="webio-uvicorn-")) / "access.log"
    args = [sys.executable, "-m", "uvicorn", "tests.scale.starlette_deploy:app", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "4", "--log-level", "warning", "--timeout-graceful-shutdown", "20"]
    env = {"SCALE_TEST_BUS": redis_server.url, "SCALE_TEST_ACCESS_LOG": str(access_path)}
    with running_server(args, env, port, "/", access_path) as server:
        yield server


@pytest.mark.parametrize("app", ["rounds", "rounds_async"])
def test_twenty_http_tabs_of_ten_round_trips_over_uvicorn_workers_4(four_workers: Server, app: str) -> None:
    assert_twenty_tabs_crossed_workers(four_workers, app)


def test_five_websocket_tabs_each_socket_on_the_other_server(redis_server: RedisServer) -> None:
    """The kernel keeps handing sockets to one uvicorn worker, so here two servers (processes)
    share the bus and each tab's next socket goes to the other one, as a load balancer may do."""
    with uvicorn_workers(redis_server.url, "websocket", workers=1) as first, \
            uvicorn_workers(redis_server.url, "websocket", workers=1) as second:
        servers = [first, second]
        clients = [connect(servers[tab % 2], transport="websocket") for tab in range(TABS)]
        for round_number in range(ROUNDS):
            for tab, client in enumerate(clients):
                other = servers[(tab + round_number + 1) % 2]
                client.transport.url = other.replace("http://", "ws://")
                client.reconnect()
                client.submit(f"tab{tab}-{round_number}")
        owners = set()
        for tab, client in enumerate(clients):
            client.wait_until(lambda c: "done" in c.text)
            assert said_lines(client) == [f"Hello tab{tab}-{i} #{i}" for i in range(ROUNDS)] + ["done"]
            assert not client.closed
            owners.add(owner_of(client.session_id))
            client.close()
        assert len(owners) == 2


def test_a_chromium_tab_on_four_uvicorn_workers(four_workers: Server) -> None:
    chromium_answers(four_workers.url + "?app=short", SHORT_ROUNDS, last="done")
