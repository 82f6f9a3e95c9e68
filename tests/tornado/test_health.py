"""Health probes on Tornado: the default server (start_server, its own process) and a mounted handler."""
from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, Iterator

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.tornado.tabs import WsTab, echo as echo_value, http_get, start
from webio.tornado import webio_handler

pytestmark = pytest.mark.timeout(60)


def probe(url: str, check: str) -> tuple[int, dict[str, Any]]:
    status, headers, body = http_get(url + f"?_webio={check}")
    assert headers["Content-Type"].startswith("application/json")
    return status, json.loads(body)


def test_start_server_answers_liveness_and_readiness() -> None:
    code = ("from webio import start_server; from webio.output import put_text; "
            "start_server(lambda: put_text('hi'), port={port}, host='127.0.0.1')")
    spec = ServerSpec("start-server-health", "tornado", ("tornado",),
                      lambda port, _: [sys.executable, "-c", code.format(port=port)])
    with running(spec, "websocket") as url:
        assert probe(url, "health") == (200, {"status": "ok", "sessions": 0, "draining": False})
        assert probe(url, "ready") == (200, {"status": "ready", "sessions": 0})


@pytest.fixture
def handler() -> Iterator[tuple[str, Any]]:
    from scenario_apps import echo

    target = webio_handler(echo)
    server = start([(r"/", target)], lambda: [target.endpoint])
    yield f"http://127.0.0.1:{server.port}/", target
    server.request_stop()


def test_health_counts_open_sessions_and_readiness_drops_while_closing(handler: tuple[str, Any]) -> None:
    url, target = handler

    async def scenario() -> tuple[int, dict[str, Any]]:
        tab = await WsTab(url).connect()
        await tab.script("hello")
        assert await echo_value(tab, "x") == {"value": "x", "count": 1}
        seen = await asyncio.to_thread(probe, url, "health")
        tab.close()
        return seen

    assert asyncio.run(scenario()) == (200, {"status": "ok", "sessions": 1, "draining": False})
    target.endpoint.close()  # what the server's shutdown starts with
    assert probe(url, "ready") == (503, {"status": "draining", "sessions": 0})
