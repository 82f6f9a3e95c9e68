"""Readiness with a message bus: ``?_webio=ready`` answers 503 while the configured Redis is
unreachable and 200 again once it is back; liveness stays 200 all along (a restart would not help).

A real redis-server is stopped and started again on the same port under a real server process
(``start_server`` with ``WEBIO_BUS``), probed over HTTP as a load balancer would."""
from __future__ import annotations

import json
import sys
import time

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.redis_server import running_redis
from tests.tornado.tabs import http_get
from webio.testing import connect

pytestmark = pytest.mark.timeout(120)

CODE = ("import scenario_apps as a; from webio import start_server; "
        "start_server(a.APPS, port={port}, host='127.0.0.1')")
SPEC = ServerSpec("ready-bus", "tornado", ("tornado", "redis"),
                  lambda port, _: [sys.executable, "-c", CODE.format(port=port)])


def probe(url: str, check: str) -> tuple[int, dict[str, object]]:
    status, _, body = http_get(url + f"?_webio={check}")
    return status, json.loads(body)


def probe_until(url: str, status: int, seconds: float = 20) -> tuple[int, dict[str, object]]:
    """Probe readiness until it answers ``status`` (the bus outage is noticed within seconds)."""
    deadline = time.monotonic() + seconds
    answer = probe(url, "ready")
    while answer[0] != status and time.monotonic() < deadline:
        time.sleep(0.2)
        answer = probe(url, "ready")
    return answer


def test_readiness_is_false_while_the_bus_is_down_and_true_when_it_is_back() -> None:
    with running_redis() as redis, running(SPEC, "websocket", extra_env={"WEBIO_BUS": redis.url}) as url:
        assert probe_until(url, 200) == (200, {"status": "ready", "sessions": 0})
        client = connect(url, app="greet")  # waits for its user through the outage: it lives here
        try:
            redis.stop()
            assert probe_until(url, 503) == (503, {"status": "unavailable", "sessions": 1})
            assert probe(url, "health") == (200, {"status": "ok", "sessions": 1, "draining": False})
            time.sleep(1.5)  # it stays unready while the bus stays down
            assert probe(url, "ready")[0] == 503

            redis.start_again()
            assert probe_until(url, 200) == (200, {"status": "ready", "sessions": 1})
            client.submit("Ada")  # the session went on through the outage
            assert "Hello, Ada" in client.text
        finally:
            client.close()
