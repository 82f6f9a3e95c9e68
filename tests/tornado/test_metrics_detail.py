"""The metrics a user reads about what their tools do: callback latency, uploaded bytes, output not yet
acknowledged. A real ``start_server(metrics=True)`` process serves ``tests/tornado/metrics_apps.py``;
``webio.testing.connect`` (or a bare protocol tab) acts as the user; ``/metrics`` is scraped over HTTP."""
from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.tornado.metrics_apps import SLOW_SECONDS
from tests.tornado.tabs import HttpTabOver, WsTab
from tests.tornado.test_metrics import sample, scrape
from webio.testing import connect

pytestmark = pytest.mark.timeout(90)
ROOT = str(Path(__file__).resolve().parents[2])
CODE = ("import sys; sys.path.insert(0, {root!r}); from tests.tornado.metrics_apps import APPS; "
        "from webio import start_server; start_server(APPS, port={port}, host='127.0.0.1', metrics=True)")
SPEC = ServerSpec("metrics-apps", "tornado", ("tornado",),
                  lambda port, _: [sys.executable, "-c", CODE.format(root=ROOT, port=port)])


def scrape_until(url: str, done: Callable[[str], bool], seconds: float = 10) -> str:
    """Scrape until ``done(text)`` (the server may still be processing what the tab sent)."""
    deadline = time.monotonic() + seconds
    text = scrape(url)
    while not done(text) and time.monotonic() < deadline:
        time.sleep(0.05)
        text = scrape(url)
    return text


@pytest.mark.parametrize("app, kind", [("tool", "thread"), ("tool_async", "coroutine")])
def test_callbacks_and_uploads_are_measured(app: str, kind: str) -> None:
    with running(SPEC, "websocket") as url:
        client = connect(url, app=app)
        try:
            client.click("Slow")
            client.wait_until(lambda c: "slow done" in c.text)
            client.click("Quick")
            client.wait_until(lambda c: "quick done" in c.text)
            text = scrape_until(url, lambda t: sample(t, "webio_callback_seconds_count") >= 2)
            assert sample(text, "webio_callback_seconds_count") == 2
            # The slow one took at least its sleep, the quick one far less: one in each half.
            assert sample(text, "webio_callback_seconds_bucket", le="0.25") == 1
            assert sample(text, "webio_callback_seconds_sum") >= SLOW_SECONDS
            assert sample(text, "webio_upload_bytes_total") == 0

            client.upload("data", [("a.bin", b"\x00" * 3000), ("b.txt", b"hello")], submit=True)
            client.wait_until(lambda c: "got 2 files of 3005 bytes" in c.text)
            text = scrape_until(url, lambda t: sample(t, "webio_upload_bytes_total") > 0)
            assert sample(text, "webio_upload_bytes_total") == 3005
            assert sample(text, "webio_uploaded_files_total") == 2
            assert sample(text, "webio_sessions_open", app=app, transport="websocket", kind=kind) == 1
        finally:
            client.close()


def test_output_the_tab_has_not_acknowledged_is_measured() -> None:
    """A tab that reads ~1 MB of output without acknowledging it: the gauge holds it; the tab's ack
    brings it to 0; the histogram saw the session's buffer grow past 1 MB."""
    with running(SPEC, "websocket") as url:

        async def scenario() -> None:
            tab = await WsTab(url).connect("app=flood")
            while not any("flood done" in json.dumps(cmd) for cmd in tab.browser.pending):
                assert await tab.receive() is not None
            held = await asyncio.to_thread(scrape, url)
            assert sample(held, "webio_output_buffered_characters") >= 1_000_000
            assert sample(held, "webio_session_output_buffered_characters_sum") >= 1_000_000
            assert sample(held, "webio_session_output_buffered_characters_bucket", le="1024.0") < \
                sample(held, "webio_session_output_buffered_characters_count")

            await tab.send(json.dumps({"ack": tab.browser.applied}))
            acked = await asyncio.to_thread(
                scrape_until, url, lambda t: sample(t, "webio_output_buffered_characters") < 1_000_000)
            assert sample(acked, "webio_output_buffered_characters") == 0
            tab.close()

        asyncio.run(scenario())
        after = scrape_until(url, lambda t: sample(t, "webio_sessions_open", app="flood") == 0)
        assert sample(after, "webio_sessions_open", app="flood") == 0
        assert sample(after, "webio_output_buffered_characters") == 0


EXPIRING = ServerSpec("metrics-expiring", "tornado", ("tornado",), lambda port, _: [
    sys.executable, "-c", CODE.format(root=ROOT, port=port).replace(
        "metrics=True)", "metrics=True, transport='http', session_expire_seconds=1, session_cleanup_interval=0.2)")])


def test_a_tab_that_goes_silent_is_counted_as_expired() -> None:
    with running(EXPIRING, "http") as url:
        tab = HttpTabOver(url + "?app=tool")  # one request, then silence (no poll running behind it)
        tab.open()
        labels = {"app": "tool", "transport": "http", "kind": "thread"}
        assert sample(scrape(url), "webio_sessions_open", **labels) == 1
        # The tab sends nothing more (no poll): the server closes its session after a second.
        text = scrape_until(url, lambda t: sample(t, "webio_sessions_open", **labels) == 0)
        assert sample(text, "webio_sessions_open", **labels) == 0
        assert sample(text, "webio_sessions_expired_total", **labels) == 1
        assert sample(text, "webio_sessions_closed_total", reason="expired", **labels) == 1
        assert sample(text, "webio_output_buffered_characters") == 0
