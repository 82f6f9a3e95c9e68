"""Django Channels under ``uvicorn --workers 4``, channels_redis on a real redis-server, and
``settings.WEBIO = {"bus": "channels"}``: the workers share sessions through the channel layer.

Every WebSocket is a new connection, so the kernel hands a tab's sockets to any of the four
worker processes; the bus routes each to the session's owner. Started once for the module.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
import redis

from tests.redis_server import RedisServer, free_port, running_redis
from tests.scale.processes import Served, served, server_env
from tests.scale.tabs import assert_nothing_broken_lost_or_repeated, chromium_answers, run_tabs

WORKERS = 4


@dataclass
class Site:
    redis: RedisServer
    server: Served

    def outboxes(self) -> int:
        """Sessions some worker other than their owner served (it watches them through an outbox)."""
        with redis.Redis.from_url(self.redis.url) as client:
            return len(client.keys("webio:out:*"))


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with ExitStack() as stack:
        redis_server = stack.enter_context(running_redis())
        env = server_env(SCALE_TEST_REDIS=redis_server.url, DJANGO_SETTINGS_MODULE="tests.scale.channels_site",
                         SCALE_TEST_LOG_LEVEL=os.environ.get("SCALE_TEST_LOG_LEVEL", "WARNING"))
        env.pop("WEBIO_BUS", None)
        port = free_port()
        server = stack.enter_context(served(
            [sys.executable, "-m", "uvicorn", "tests.scale.channels_site:application", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(WORKERS), "--log-level", "warning",
             "--timeout-graceful-shutdown", "2"], port, env, "uvicorn"))
        time.sleep(3)  # every worker process imported the site and joined the bus
        yield Site(redis_server, server)


@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_twenty_tabs_of_ten_round_trips_each_socket_on_any_worker(site: Site, app: str) -> None:
    before = site.outboxes()
    try:
        runs = run_tabs(lambda n: site.server.url + f"{app}/", None, tabs=20)
    except Exception as exc:  # with what the workers logged
        raise AssertionError(f"{exc}\n--- server log ---\n{site.server.log()[-4000:]}") from exc
    assert_nothing_broken_lost_or_repeated(runs)
    owners = {run.owner for run in runs}
    crossed = site.outboxes() - before
    assert len(owners) >= 2, "the sessions were opened on several worker processes"
    assert crossed >= 10, f"only {crossed} of 20 sessions were served by a worker that does not own them"
    assert "Traceback" not in site.server.log(), site.server.log()[-4000:]


def test_a_chromium_tab_on_four_workers(site: Site) -> None:
    pytest.importorskip("playwright.sync_api")
    chromium_answers(site.server.url + "echo_async/", 3)
    assert "Traceback" not in site.server.log(), site.server.log()[-3000:]
