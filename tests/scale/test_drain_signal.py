"""SIGTERM on servers that install their own signal handler after webio's endpoint exists (uvicorn
through ``webio.starlette.start_server``): draining (readiness 503, new tabs refused) starts with
the signal, before the server stops listening, not only at its lifespan shutdown."""
from __future__ import annotations

import signal
import sys
import time
import urllib.request

import pytest

from tests.redis_server import free_port
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
