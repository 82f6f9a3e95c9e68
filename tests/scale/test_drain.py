"""Graceful stop (SIGTERM): the worker stops taking new sessions, keeps serving its open ones for up
to ``drain_timeout``, then closes them (their deferred calls run).

- The default Tornado ``start_server`` without a bus: it keeps listening while it drains; the
  readiness probe answers 503 at once, a new tab gets the busy page, the open tab goes on.
- gunicorn with a Redis bus: the stopped worker no longer listens, but its open session is served
  through the other worker until it ends.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.redis_server import RedisServer, free_port
from tests.scale.deploy_apps import SHORT_ROUNDS
from tests.scale.servers import Server, gunicorn, running_server
from webio.testing import connect

pytestmark = pytest.mark.timeout(180)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a test URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def markers(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def tornado_server(drain: float, markers_path: Path) -> "running_server":  # type: ignore[valid-type]
    port = free_port()
    env = {"SCALE_TEST_DRAIN": str(drain), "SCALE_TEST_MARKERS": str(markers_path)}
    return running_server([sys.executable, "-m", "tests.scale.drain_server", str(port)], env, port)


def test_tornado_drains_while_listening_then_exits_when_the_last_session_ends() -> None:
    markers_path = Path(tempfile.mkdtemp(prefix="webio-drain-")) / "markers"
    with tornado_server(30, markers_path) as server:
        assert get(server.url + "?_webio=ready")[0] == 200
        tab = connect(server.url, transport="http", app="held")
        tab.wait_until(lambda c: "ready" in c.text)
        server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while get(server.url + "?_webio=ready")[0] != 503:
            assert time.monotonic() < deadline, "the readiness probe still says ready 10 s after SIGTERM"
            time.sleep(0.05)
        status, body = get(server.url + "?_webio=ready")
        assert status == 503 and json.loads(body)["status"] == "draining"
        status, page = get(server.url + "?app=held")  # a new tab: the friendly busy page
        assert status == 503 and "try again" in page
        # A new tab's first request (its page came from a live worker): 503, try again; no session
        first = urllib.request.Request(server.url + "?app=held&_webio=http", b'{"ack": 0, "events": []}',
                                       {"Content-Type": "application/json"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(first, timeout=10)  # noqa: S310 (a test URL)
        assert refused.value.code == 503 and int(refused.value.headers["Retry-After"]) > 0
        assert json.loads(refused.value.read())["closed"] is False
        for round_number in range(SHORT_ROUNDS):  # the open tab goes on as before
            tab.submit(f"Ada{round_number}")
        tab.wait_closed()
        assert [line for line in tab.text.splitlines() if line.startswith("Hello")] == [
            f"Hello Ada{i} #{i}" for i in range(SHORT_ROUNDS)]
        server.process.wait(15)  # its last session ended: it stops well before the 30 s drain
        assert markers(markers_path) == [f"deferred {server.process.pid}"]
        assert "Traceback" not in server.log(), server.log()


def test_tornado_closes_sessions_still_open_when_the_drain_time_is_over() -> None:
    markers_path = Path(tempfile.mkdtemp(prefix="webio-drain-")) / "markers"
    with tornado_server(2, markers_path) as server:
        tab = connect(server.url, transport="http", app="held")
        tab.wait_until(lambda c: "ready" in c.text)
        stopped = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        tab.submit("Ada0")  # still served during the drain
        assert "Hello Ada0 #0" in tab.text and not tab.closed
        server.process.wait(20)
        assert time.monotonic() - stopped >= 1.5, "the server waited for the drain time"
        assert markers(markers_path) == [f"deferred {server.process.pid}"]  # closed: deferred calls ran
        tab.wait_closed()


WSGI_APPS = {
    "flask": ("tests.scale.flask_deploy:app", {}),
    "django": ("tests.scale.django_deploy:application", {"DJANGO_SETTINGS_MODULE": "tests.scale.django_deploy"}),
}


@pytest.fixture(params=sorted(WSGI_APPS))
def gunicorn_two(request: pytest.FixtureRequest, redis_server: RedisServer, tmp_path: Path) -> "Server":  # type: ignore[misc]
    app, env = WSGI_APPS[request.param]
    env = {**env, "SCALE_TEST_DRAIN": "15", "SCALE_TEST_MARKERS": str(tmp_path / "markers")}
    with gunicorn(app, redis_server.url, workers=2, env=env, path="/tool/") as server:
        yield server


def test_a_stopped_gunicorn_worker_serves_its_open_session_through_the_other_worker(gunicorn_two: Server,
                                                                                    tmp_path: Path) -> None:
    server = gunicorn_two
    tab = connect(server.url, transport="http", app="held")
    tab.wait_until(lambda c: "ready" in c.text)
    owner_pid = int((tab.session_id or "")[8:14], 16)  # a worker id carries its process id
    os.kill(owner_pid, signal.SIGTERM)  # as gunicorn does on HUP or --max-requests
    time.sleep(1)  # it stopped listening: every request now lands on the other worker
    for round_number in range(SHORT_ROUNDS):
        tab.submit(f"Ada{round_number}")
    tab.wait_closed()
    assert [line for line in tab.text.splitlines() if line.startswith("Hello")] == [
        f"Hello Ada{i} #{i}" for i in range(SHORT_ROUNDS)] and "done" in tab.text
    deadline = time.monotonic() + 15
    while not markers(tmp_path / "markers") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert markers(tmp_path / "markers") == [f"deferred {owner_pid}"]
    served = server.workers_per_session()[tab.session_id or ""]
    assert served - {str(owner_pid)}, served  # other workers answered the tab; the owner ran the app
    assert "Traceback" not in server.log(), server.log()[-3000:]


def test_drain_timeout_defaults_to_30_s_with_a_bus_and_0_without(redis_server: RedisServer) -> None:
    from webio.transport import WebioEndpoint

    alone = WebioEndpoint(lambda: None, backend="test", bus="memory")
    shared = WebioEndpoint(lambda: None, backend="test", bus=redis_server.url)
    chosen = WebioEndpoint(lambda: None, backend="test", drain_timeout=5)
    try:
        assert (alone.drain_seconds, shared.drain_seconds, chosen.drain_seconds) == (0, 30, 5)
    finally:
        for endpoint in (alone, shared, chosen):
            endpoint.close()
        shared.registry.bus.close()  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="drain_timeout must be a number >= 0"):
        WebioEndpoint(lambda: None, backend="test", drain_timeout=-1)


def test_a_draining_endpoint_refuses_new_tabs_and_says_so_to_probes() -> None:
    from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint

    endpoint = WebioEndpoint(lambda: None, backend="test", protocol="http", drain_timeout=0)

    def get(query: dict[str, str]) -> int:
        return endpoint.respond(HttpRequest("GET", "/", query, CaseInsensitiveHeaders({"Host": "x"}))).status

    assert (get({"_webio": "ready"}), get({})) == (200, 200)
    assert endpoint.drain() is True  # nothing open: over at once
    assert (get({"_webio": "ready"}), get({}), get({"_webio": "health"})) == (503, 503, 200)
    first = endpoint.respond(HttpRequest("POST", "/", {"_webio": "http"}, CaseInsensitiveHeaders({"Host": "x"}),
                                         b'{"ack": 0, "events": []}'))
    assert first.status == 503 and int(first.headers["Retry-After"]) > 0  # a new tab: try again (elsewhere)
    assert json.loads(first.body)["closed"] is False and len(endpoint.registry) == 0
    endpoint.close()
