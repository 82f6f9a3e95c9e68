"""A real multi-process deployment: ``uvicorn --workers 2`` with ``asgi_app(app, bus=redis_url)``.

Every request uses a new connection (HTTP: one per request; WebSocket: a new socket per round),
so the kernel spreads a tab's requests over both worker processes; the bus routes each to the
session's owner. Five tabs of ten round trips each: nothing broken, lost or repeated.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.redis_server import RedisServer, free_port

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


def test_five_http_tabs_of_ten_round_trips_over_uvicorn_workers_2(redis_server: RedisServer) -> None:
    with uvicorn_workers(redis_server.url, "http") as url:
        clients = [connect(url, transport="http") for _ in range(TABS)]
        # Which worker accepts a new connection is the kernel's choice: open more tabs until both
        # worker processes own one, so some requests surely reach a worker that does not own them.
        for _ in range(40):
            if len({owner_of(client.session_id) for client in clients}) == 2:
                break
            clients.append(connect(url, transport="http"))
        for round_number in range(ROUNDS):
            for tab, client in enumerate(clients):
                client.submit(f"tab{tab}-{round_number}")
        owners = set()
        for tab, client in enumerate(clients):
            client.wait_until(lambda c: "done" in c.text)
            assert said_lines(client) == [f"Hello tab{tab}-{i} #{i}" for i in range(ROUNDS)] + ["done"]
            assert not client.closed
            owners.add(owner_of(client.session_id))
            client.close()
        assert len(owners) == 2, "both worker processes own sessions (so requests crossed between them)"


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


def test_a_chromium_tab_on_two_uvicorn_workers(redis_server: RedisServer) -> None:
    pytest.importorskip("playwright.sync_api")
    from tests.client.chromium import chromium_for_tests

    with uvicorn_workers(redis_server.url, "http") as url, chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(url)
        for round_number in range(ROUNDS):
            page.get_by_label(f"Name {round_number}").fill(f"Ada{round_number}")
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text(f"Hello Ada{round_number} #{round_number}").wait_for()
        page.get_by_text("done").wait_for()
        page.get_by_label("More?").wait_for()
        context.close()
