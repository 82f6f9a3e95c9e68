"""End-to-end: a real webio server (tests/e2e/apps.py in a subprocess) and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")

from tests.client.chromium import running_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module", params=["websocket", "http"])
def server_url(request: Any) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.apps", str(port), request.param],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                proc.kill()
                pytest.fail(f"the e2e server did not start:\n{out}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="package")
def e2e_browser() -> Iterator[Any]:
    try:
        with running_chromium() as browser:
            yield browser
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture()
def page_errors() -> list[str]:
    """Uncaught errors of the page's scripts (the ``page`` fixture fails the test on any)."""
    return []


@pytest.fixture()
def page(e2e_browser: Any, page_errors: list[str]) -> Iterator[Any]:
    context = e2e_browser.new_context(locale="en-US", accept_downloads=True)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.on("pageerror", lambda e: page_errors.append(str(e)))
    yield pg
    context.close()
    assert not page_errors, page_errors
