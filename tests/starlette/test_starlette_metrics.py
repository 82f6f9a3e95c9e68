"""Metrics mounted in a Starlette app with ``metrics_asgi_app()``, served by uvicorn, after a real
WebSocket session."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.tornado.tabs import WsTab, echo, http_get
from tests.tornado.test_metrics import sample

pytestmark = pytest.mark.timeout(60)
ROOT = str(Path(__file__).resolve().parents[2])


def test_a_websocket_session_on_uvicorn_is_counted() -> None:
    spec = ServerSpec("starlette-metrics", "starlette", ("starlette", "uvicorn"), lambda port, _: [
        sys.executable, "-m", "uvicorn", "tests.starlette.metrics_app:app", "--app-dir", ROOT,
        "--host", "127.0.0.1", "--port", str(port)])
    with running(spec, "websocket") as url:

        async def scenario() -> None:
            tab = await WsTab(url).connect("app=echo")
            await tab.script("hello")
            assert await echo(tab, "one") == {"value": "one", "count": 1}
            tab.close()

        asyncio.run(scenario())
        status, headers, body = http_get(url + "metrics")  # Starlette redirects to /metrics/
        text = body.decode()
        assert status == 200 and {k.lower(): v for k, v in headers.items()}["content-type"].startswith("text/plain")
        labels = {"app": "echo", "transport": "websocket", "kind": "thread"}
        assert sample(text, "webio_sessions_opened_total", **labels) == 1
        assert sample(text, "webio_events_in_total") >= 1
        assert sample(text, "webio_frames_out_total") >= 2
