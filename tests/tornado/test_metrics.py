"""Prometheus metrics on the default server: ``start_server(metrics=True)`` in a process of its own,
a real WebSocket session round trip, then ``/metrics`` scraped over HTTP."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from typing import Any

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.tornado.tabs import WsTab, echo as echo_value, http_get

pytestmark = pytest.mark.timeout(60)

CODE = ("import scenario_apps as a; from webio import start_server; "
        "start_server(a.APPS, port={port}, host='127.0.0.1', metrics={metrics})")


def spec(metrics: bool) -> ServerSpec:
    return ServerSpec(f"metrics-{metrics}", "tornado", ("tornado",),
                      lambda port, _: [sys.executable, "-c", CODE.format(port=port, metrics=metrics)])


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name{labels}`` in an exposition (0 when absent)."""
    for line in text.splitlines():
        match = re.match(r"([a-z_]+)(?:\{(.*)\})? (\S+)$", line)
        if match and match.group(1) == name:
            found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(match.group(3))
    return 0.0


def scrape(url: str) -> str:
    status, headers, body = http_get(url + "metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    return body.decode()


def test_a_session_round_trip_moves_the_counters() -> None:
    with running(spec(True), "websocket") as url:
        before = scrape(url)
        assert sample(before, "webio_sessions_opened_total", app="echo") == 0

        async def scenario() -> str:
            tab = await WsTab(url).connect("app=echo")
            await tab.script("hello")
            assert await echo_value(tab, "one") == {"value": "one", "count": 1}
            await tab.send("not json")  # rejected and counted; the session goes on
            assert await echo_value(tab, "two") == {"value": "two", "count": 2}
            during = await asyncio.to_thread(scrape, url)
            tab.close()
            return during

        during = asyncio.run(scenario())
        labels = {"app": "echo", "transport": "websocket", "kind": "thread"}
        assert sample(during, "webio_sessions_open", **labels) == 1
        assert sample(during, "webio_sessions_opened_total", **labels) == 1
        assert sample(during, "webio_events_in_total") >= 2
        assert sample(during, "webio_frames_out_total") >= 3
        assert sample(during, "webio_bytes_out_total") > 100
        assert sample(during, "webio_input_round_trip_seconds_count") >= 2
        assert sum(sample(during, "webio_rejected_messages_total", reason=r)
                   for r in re.findall(r'webio_rejected_messages_total\{reason="([^"]+)"', during)) == 1

        for _ in range(50):  # the server notices the closed socket
            after = scrape(url)
            if sample(after, "webio_sessions_open", **labels) == 0:
                break
            asyncio.run(asyncio.sleep(0.1))
        assert sample(after, "webio_sessions_open", **labels) == 0
        assert sample(after, "webio_sessions_closed_total", reason="browser left", **labels) == 1


def test_metrics_are_off_by_default_and_prometheus_is_not_imported() -> None:
    with running(spec(False), "websocket") as url:
        assert http_get(url + "metrics")[0] == 404
    code = ("import sys, webio, webio.tornado, webio.flask; from webio.transport import WebioEndpoint; "
            "assert 'prometheus_client' not in sys.modules, 'imported without metrics'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_several_processes_share_one_exposition_in_multiprocess_mode(tmp_path: Any) -> None:
    """Two servers (as two gunicorn workers would be) with one PROMETHEUS_MULTIPROC_DIR: a session
    opened on one is counted when the other is scraped."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    with running(spec(True), "websocket", extra_env=env) as first, \
            running(spec(True), "websocket", extra_env=env) as second:

        async def scenario() -> str:
            tab = await WsTab(first).connect("app=echo")
            await tab.script("hello")
            assert await echo_value(tab, "one") == {"value": "one", "count": 1}
            seen = await asyncio.to_thread(scrape, second)
            tab.close()
            return seen

        seen = asyncio.run(scenario())
        assert sample(seen, "webio_sessions_opened_total", app="echo", transport="websocket") == 1
        assert sample(seen, "webio_sessions_open", app="echo", transport="websocket") == 1
        assert sample(seen, "webio_events_in_total") >= 1
