"""Metrics mounted in a Flask app with ``metrics_wsgi_app()``, served by gunicorn in multiprocess mode."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.flask.http_tab import echo_round_trip
from tests.tornado.tabs import HttpTabOver, http_get
from tests.tornado.test_metrics import sample

pytestmark = pytest.mark.timeout(60)
ROOT = str(Path(__file__).resolve().parents[2])


def test_an_http_session_on_gunicorn_is_counted(tmp_path: Any) -> None:
    spec = ServerSpec("flask-metrics", "flask", ("flask", "gunicorn"), lambda port, _: [
        sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "8", "--pythonpath", ROOT,
        "-b", f"127.0.0.1:{port}", "tests.flask.metrics_app:app"])
    with running(spec, "http", extra_env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}) as url:
        hello = echo_round_trip(HttpTabOver(url + "?app=echo"), ("a", 2))
        assert hello["backend"] == "flask"
        status, headers, body = http_get(url + "metrics")
        text = body.decode()
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        labels = {"app": "echo", "transport": "http", "kind": "thread"}
        assert sample(text, "webio_sessions_opened_total", **labels) == 1
        assert sample(text, "webio_sessions_open", **labels) == 1
        assert sample(text, "webio_events_in_total") >= 2
        assert sample(text, "webio_input_round_trip_seconds_count") >= 2
