"""A worker stopping (SIGTERM) and new tabs.

- On servers that install their own signal handler after webio's endpoint exists (uvicorn through
  ``webio.starlette.start_server``), draining (readiness 503, new tabs refused) starts with the
  signal, before the server stops listening, not only at its lifespan shutdown.
- A new tab that reaches a draining worker gets the busy page, which loads itself again after a
  few seconds: by then the load balancer sends it to a live worker, and the tab gets its app.
- A new tab whose page came from a live worker but whose first socket or request reaches a
  draining one is asked to try again (1013, 503), and the browser's next try reaches a live one.
- aiohttp's ``web.run_app`` (``webio.aiohttp.start_server``): SIGTERM drains while aiohttp still
  listens and reads the open sockets, then the process exits.
"""
from __future__ import annotations

import signal
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.redis_server import free_port, running_redis
from tests.scale.deploy_apps import SHORT_ROUNDS
from tests.scale.processes import served, server_env, status_of, wait_for_status
from tests.scale.servers import running_server
from webio.testing import connect

pytestmark = pytest.mark.timeout(120)


def test_uvicorn_starts_draining_when_sigterm_arrives() -> None:
    port = free_port()
    with running_server([sys.executable, "-m", "tests.scale.sigterm_uvicorn", str(port)], {}, port) as server:
        with urllib.request.urlopen(server.url + "?_webio=ready", timeout=10) as answer:  # noqa: S310 (test URL)
            assert answer.status == 200
        tab = connect(server.url, transport="http", app="held")
        tab.wait_until(lambda c: "ready" in c.text)
        server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        while server.process.poll() is None:
            assert time.monotonic() < deadline, "uvicorn did not stop within 30 s of SIGTERM"
            time.sleep(0.1)
        tab.close()
    log = server.log()
    draining = log.find("draining: no new sessions here")
    stopping = log.find("Shutting down")
    assert draining >= 0 and stopping >= 0, log[-3000:]
    assert draining < stopping, log[-3000:]  # readiness said 503 before uvicorn closed its socket


def test_the_busy_page_of_a_draining_worker_loads_itself_again_and_reaches_a_live_worker() -> None:
    pytest.importorskip("playwright.sync_api")
    from tests.client.chromium import chromium_for_tests
    from webio.transport.limits import BUSY_TEXT

    markers = Path(tempfile.mkdtemp(prefix="webio-drain-")) / "markers"
    env = server_env(SCALE_TEST_DRAIN="30", SCALE_TEST_MARKERS=str(markers))
    with ExitStack() as stack:
        workers = []
        for name in ("stopping", "live"):
            port = free_port()
            workers.append(stack.enter_context(served([sys.executable, "-m", "tests.scale.drain_server", str(port)],
                                                      port, env, f"the {name} worker")))
        stopping, live = workers
        port = free_port()
        proxy = stack.enter_context(served([sys.executable, "-m", "tests.scale.pinned_proxy", str(port),
                                            stopping.url, live.url], port, server_env(), "the proxy"))
        held = connect(stopping.url, transport="http", app="held")  # keeps the stopping worker draining
        held.wait_until(lambda c: "ready" in c.text)
        stopping.process.send_signal(signal.SIGTERM)
        wait_for_status(stopping.url + "?_webio=ready", 503)
        with chromium_for_tests() as browser:
            context = browser.new_context(locale="en-US")
            context.set_default_timeout(20_000)
            page = context.new_page()
            answer = page.goto(proxy.url + "?app=short")
            assert answer is not None and answer.status == 503
            page.get_by_text(BUSY_TEXT["en"]).wait_for()
            # The load balancer saw the readiness 503 and now sends new requests to the live worker.
            with urllib.request.urlopen(proxy.url + "_proxy/pin?to=1", timeout=10):  # noqa: S310 (test URL)
                pass
            page.get_by_label("Name 0").wait_for()  # nobody clicked: the page loaded itself again
            page.get_by_label("Name 0").fill("Ada")
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text("Hello Ada #0").wait_for()
            context.close()
        assert status_of(live.url + "?_webio=ready") == 200
        held.close()
        for worker in workers:  # rather than wait out their 30 s drains for the tabs left open
            worker.kill()


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_a_new_tab_whose_first_socket_reaches_a_draining_worker_starts_on_a_live_one(transport: str) -> None:
    # The page comes from a live worker; the tab's first socket (or first HTTP-transport request),
    # which would create its session, reaches the draining worker: it is asked to try again (1013,
    # or 503), and the tab's next try reaches the live worker. The user sees the app, never the
    # closed state.
    pytest.importorskip("playwright.sync_api")
    import json

    from tests.client.chromium import chromium_for_tests
    from webio.transport.limits import BUSY_TEXT

    with ExitStack() as stack:
        # Several workers share a bus (the HTTP transport's later requests go round robin too).
        redis = stack.enter_context(running_redis())
        env = server_env(SCALE_TEST_DRAIN="30", SCALE_TEST_TRANSPORT=transport, WEBIO_BUS=redis.url)
        workers = []
        for name in ("stopping", "live"):
            port = free_port()
            workers.append(stack.enter_context(served([sys.executable, "-m", "tests.scale.drain_server", str(port)],
                                                      port, env, f"the {name} worker")))
        stopping, live = workers
        port = free_port()
        proxy = stack.enter_context(served([sys.executable, "-m", "tests.scale.split_proxy", str(port),
                                            stopping.url, live.url], port, server_env(), "the proxy"))
        held = connect(stopping.url, transport=transport, app="held")  # keeps the stopping worker draining
        held.wait_until(lambda c: "ready" in c.text)
        stopping.process.send_signal(signal.SIGTERM)
        wait_for_status(stopping.url + "?_webio=ready", 503)
        with chromium_for_tests() as browser:
            context = browser.new_context(locale="en-US")
            context.set_default_timeout(20_000)
            page = context.new_page()
            page.goto(proxy.url + "?app=short")
            page.get_by_label("Name 0").wait_for()
            page.get_by_label("Name 0").fill("Ada")
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text("Hello Ada #0").wait_for()
            assert "webio-closed" not in (page.locator("body").get_attribute("class") or "")
            assert page.locator("#webio-status").count() == 0 or page.locator("#webio-status").is_hidden()
            assert BUSY_TEXT["en"] not in page.locator("body").inner_text()
            context.close()
        with urllib.request.urlopen(proxy.url + "_proxy/transport", timeout=10) as answer:  # noqa: S310 (test URL)
            refused_there, served_here = json.loads(answer.read())
        assert refused_there >= 1 and served_here >= 1  # the first try did reach the draining worker
        for round_number in range(1, 4):  # the open tab of the draining worker goes on meanwhile
            if held.form is not None and held.form.labels == [f"Name {round_number - 1}"]:
                held.submit(f"Bo{round_number}")
        assert "Hello Bo1 #0" in held.text
        held.close()
        for worker in workers:  # rather than wait out the 30 s drain
            worker.kill()


def aiohttp_server(drain: float, markers_path: Path) -> "running_server":  # type: ignore[valid-type]
    port = free_port()
    env = {"SCALE_TEST_DRAIN": str(drain), "SCALE_TEST_MARKERS": str(markers_path)}
    return running_server([sys.executable, "-m", "tests.scale.sigterm_aiohttp", str(port)], env, port)


def refused_new_tab(url: str) -> int:
    """The close code a new tab's WebSocket gets (it must get no frame)."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect as ws_connect
    from websockets.typing import Origin

    with ws_connect(url.replace("http://", "ws://") + "?app=short", origin=Origin(url.rstrip("/")),
                    open_timeout=10) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


def test_aiohttp_run_app_drains_on_sigterm_while_listening_then_exits_when_the_last_session_ends() -> None:
    from tests.scale.test_drain import markers

    markers_path = Path(tempfile.mkdtemp(prefix="webio-drain-")) / "markers"
    with aiohttp_server(30, markers_path) as server:
        tab = connect(server.url, app="held")  # WebSocket
        tab.wait_until(lambda c: "ready" in c.text)
        assert status_of(server.url + "?_webio=ready") == 200
        stopped_at = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        wait_for_status(server.url + "?_webio=ready", 503, seconds=10)  # it still listens, and says draining
        assert refused_new_tab(server.url) == 1013  # a new tab is asked to try again (elsewhere)
        for round_number in range(SHORT_ROUNDS):  # the open tab goes on: its socket is still read
            tab.submit(f"Ada{round_number}")
        tab.wait_closed()
        assert [line for line in tab.text.splitlines() if line.startswith("Hello")] == [
            f"Hello Ada{i} #{i}" for i in range(SHORT_ROUNDS)]
        assert server.process.wait(15) == 0  # its last session ended: it stops well before the 30 s drain
        assert time.monotonic() - stopped_at < 20
        assert markers(markers_path) == [f"deferred {server.process.pid}"]
    log = server.log()
    assert "draining: no new sessions here" in log and "Traceback" not in log, log[-3000:]


def test_aiohttp_run_app_closes_the_sessions_still_open_when_the_drain_time_is_over() -> None:
    from tests.scale.test_drain import markers

    markers_path = Path(tempfile.mkdtemp(prefix="webio-drain-")) / "markers"
    with aiohttp_server(3, markers_path) as server:
        tab = connect(server.url, app="held")
        tab.wait_until(lambda c: "ready" in c.text)
        server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while "draining: no new sessions here" not in server.log():
            assert time.monotonic() < deadline, server.log()[-3000:]
            time.sleep(0.05)
        tab.submit("Ada")  # served during the drain
        assert "Hello Ada #0" in tab.text and not tab.closed
        tab.wait_closed(timeout=15)  # then closed (the tab shows the closed state) when the 3 s are over
        assert server.process.wait(15) == 0
        assert markers(markers_path) == [f"deferred {server.process.pid}"]
    assert "Traceback" not in server.log(), server.log()[-3000:]
