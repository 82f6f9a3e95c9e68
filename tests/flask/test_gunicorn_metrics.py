"""Prometheus scrapes a 4-worker gunicorn deployment (``-k gthread``, prometheus_client's multiprocess
mode, a real Redis bus) and sees every worker's sessions, whichever worker answers the scrape.

Set up as docs/operations.md tells users: ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory) and a
``gunicorn.conf.py`` whose ``child_exit`` marks a dead worker; ``WEBIO_BUS`` as docs/deployment.md tells.
Over the HTTP transport each request of a tab lands on any worker: events that cross the bus to the
session's owner are counted once, and each session by its owner only."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.servers import ServerSpec, running
from tests.redis_server import running_redis
from tests.tornado.tabs import http_get
from tests.tornado.test_metrics import sample
from webio.session.ids import owner_of
from webio.testing import connect

pytestmark = pytest.mark.timeout(180)
ROOT = str(Path(__file__).resolve().parents[2])
WORKERS = 4
SESSIONS = 16
GUNICORN_CONF = '''from prometheus_client import multiprocess


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
'''


def scrape(url: str) -> tuple[str, str]:
    """The exposition and the pid of the worker that answered."""
    status, headers, body = http_get(url + "metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    return body.decode(), headers["X-Worker-Pid"]


def spec(conf: Path) -> ServerSpec:
    return ServerSpec("flask-gunicorn-4", "flask", ("flask", "gunicorn"), lambda port, _: [
        sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-k", "gthread", "--threads", "8",
        "-c", str(conf), "--pythonpath", ROOT, "-b", f"127.0.0.1:{port}", "tests.flask.metrics_project:project"])


def use(client: Any, number: int) -> None:
    client.submit(f"user{number}")
    client.wait_until(lambda c: f"Hello, user{number}" in c.text)
    client.submit("again")
    client.wait_until(lambda c: "Again: again" in c.text)


def test_every_worker_sees_all_sessions_each_counted_once(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    conf = tmp_path / "gunicorn.conf.py"
    conf.write_text(GUNICORN_CONF)
    with running_redis() as redis, running(spec(conf), "http", extra_env={
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "WEBIO_BUS": redis.url}) as url:
        # Users arrive one after the other (a new connection each), so the workers share them;
        # then they answer together, each request on whichever worker takes it.
        clients = [connect(url + "tool/", transport="http", app="greet") for _ in range(SESSIONS)]
        errors: list[BaseException] = []

        def user(number: int) -> None:
            try:
                use(clients[number], number)
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=user, args=(number,)) for number in range(SESSIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        owners = {owner_of(client.session_id) for client in clients}
        assert len(clients) == SESSIONS and len(owners) >= 2, owners

        labels = {"app": "greet", "transport": "http", "kind": "thread"}
        answered = set()
        for _ in range(24):
            text, pid = scrape(url)
            answered.add(pid)
            assert sample(text, "webio_sessions_open", **labels) == SESSIONS
            assert sample(text, "webio_sessions_opened_total", **labels) == SESSIONS
            # Two answers per session, wherever their requests landed: counted by the owner, once.
            assert sample(text, "webio_events_in_total") == 2 * SESSIONS
            assert sample(text, "webio_input_round_trip_seconds_count") == 2 * SESSIONS
        assert len(answered) >= 2, answered  # the scrapes did land on different workers

        for client in clients:
            client.close()


def test_events_crossing_the_bus_are_counted_once_by_the_owner() -> None:
    with running_redis() as redis:
        done = subprocess.run([sys.executable, "-m", "tests.flask.bus_metrics_scenario", redis.url], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    served_line, text = done.stdout.split("\n", 1)
    seen = json.loads(served_line)
    served = seen["served"]
    assert sorted(served)[0] == 1 and max(served) >= 4, served  # the owner answered the opening request only
    labels = {"app": "index", "transport": "http", "kind": "thread"}
    assert sample(text, "webio_sessions_opened_total", **labels) == 1
    assert sample(text, "webio_sessions_open", **labels) == 1
    assert sample(text, "webio_events_in_total") == 3  # two answers and a click
    assert sample(text, "webio_callback_seconds_count") == 1
    assert sample(text, "webio_frames_out_total") == seen["frames"]  # sealed by the owner, delivered by the other
    assert sample(text, "webio_input_round_trip_seconds_count") == 2
    assert sample(text, "webio_rejected_messages_total") == 0
