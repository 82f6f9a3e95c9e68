"""Two machines, one Redis: two separate ``webio.start_server`` (Tornado) processes on two ports,
each with ``WEBIO_BUS`` set, behind a round-robin reverse proxy with no stickiness.

The deployment (its own redis-server, both servers, the proxy) starts once for the module. Tests
run in file order: the scripted runs and Chromium, then a Redis outage, then an owner killed.
"""
from __future__ import annotations

import json
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest

from tests.redis_server import RedisServer, free_port, running_redis
from tests.scale.processes import Served, served, served_workers, server_env
from tests.scale.tabs import assert_nothing_broken_lost_or_repeated, chromium_answers, run_tabs, said_lines
from webio.bus.remote import OWNER_GONE_TEXT
from webio.testing import connect


@dataclass
class Deployment:
    redis: RedisServer
    nodes: list[Served]
    proxy: Served

    def served(self) -> list[int]:
        with urllib.request.urlopen(self.proxy.url + "_proxy/served", timeout=10) as answer:  # noqa: S310
            counts: list[int] = json.loads(answer.read())
            return counts

    def node_of_pid(self, pid: int) -> Served:
        return next(node for node in self.nodes if node.process.pid == pid)


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    with ExitStack() as stack:
        redis = stack.enter_context(running_redis())  # its own: the outage test stops it
        nodes = served_workers(stack, "tests.scale.tornado_node", redis.url, ("first", "second"))
        port = free_port()
        proxy = stack.enter_context(served([sys.executable, "-m", "tests.scale.round_robin_proxy", str(port),
                                            *[node.url for node in nodes]], port, server_env(), "the proxy"))
        yield Deployment(redis, nodes, proxy)


def owner_pid(client: Any) -> int:
    line = next(line for line in client.text.splitlines() if line.startswith("served by process"))
    return int(line.rsplit(" ", 1)[1])


@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_twenty_tabs_of_ten_round_trips_each_socket_wherever_the_proxy_sends_it(deployment: Deployment,
                                                                                app: str) -> None:
    before = deployment.served()
    runs = run_tabs(lambda n: deployment.proxy.url, app, tabs=20)
    assert_nothing_broken_lost_or_repeated(runs)
    assert len({run.owner for run in runs}) == 2, "both machines own sessions"
    after = deployment.served()
    # 20 tabs x 11 sockets, handed out in turn: each machine served about half, so most tabs
    # answered on a machine that does not own their session.
    assert all(a - b >= 100 for a, b in zip(after, before)), (before, after)


def test_a_chromium_tab_through_the_proxy(deployment: Deployment) -> None:
    pytest.importorskip("playwright.sync_api")
    before = deployment.served()
    chromium_answers(deployment.proxy.url + "?app=echo_async", 3)
    after = deployment.served()
    assert all(a > b for a, b in zip(after, before)), (before, after)  # the page and its socket: one on each


def test_while_redis_is_down_the_owner_still_serves_and_routing_resumes_after(deployment: Deployment) -> None:
    first, second = deployment.nodes
    client = connect(first.url, app="echo")  # straight to its owner
    assert deployment.node_of_pid(owner_pid(client)) is first
    client.submit("before")
    deployment.redis.stop()
    try:
        time.sleep(2)  # every bus thread of both machines noticed
        client.submit("during")  # reaches the owner: no bus needed
    finally:
        deployment.redis.start_again()
    time.sleep(3)  # the heartbeats are written again
    client.transport.url = second.url.replace("http://", "ws://") + "?app=echo"
    client.reconnect()  # now on the other machine: routed through Redis again
    client.submit("after")
    assert said_lines(client)[-3:] == ["Hello before #0", "Hello during #1", "Hello after #2"]
    assert not client.closed
    client.close()
    for node in deployment.nodes:
        log = node.log()
        assert "Traceback" not in log, log[-3000:]
        assert "the bus is unreachable" in log and "the bus is reachable again" in log, log[-3000:]
        outage_lines = [line for line in log.splitlines() if "the bus is unreachable" in line]
        assert len(outage_lines) <= 8, outage_lines  # once per bus thread, not per request or retry


def test_an_owner_killed_closes_its_tabs_within_5_seconds_and_only_them(deployment: Deployment) -> None:
    tabs = [connect(deployment.proxy.url, app="echo") for _ in range(6)]
    for tab in tabs:
        tab.submit("first")
    victim = deployment.node_of_pid(owner_pid(tabs[0]))
    doomed = [tab for tab in tabs if deployment.node_of_pid(owner_pid(tab)) is victim]
    spared = [tab for tab in tabs if tab not in doomed]
    assert doomed and spared, "the proxy spread the six sessions over both machines"
    victim.kill()
    killed = time.monotonic()
    pending = list(doomed)
    while pending:
        assert time.monotonic() - killed < 5, f"{len(pending)} tabs of the killed machine still open"
        for tab in list(pending):
            if tab.closed and not tab.browser.page.closed:
                tab.reconnect()  # its socket was on the killed machine: the browser reconnects
            if tab.browser.page.closed:  # the server said close_session: the closed state
                pending.remove(tab)
        time.sleep(0.1)
    for tab in doomed:
        assert any(OWNER_GONE_TEXT in toast.content for toast in tab.toasts), tab.toasts
    for tab in spared:
        tab.submit("second")
        assert said_lines(tab)[-2:] == ["Hello first #0", "Hello second #1"]
        assert not tab.closed
        tab.close()
