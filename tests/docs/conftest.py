"""The gallery served by real webio servers (``python -m webio.gallery``, one per theme, each in a
subprocess) and one headless Chromium for the package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")

from tests.client.chromium import chromium_for_tests  # noqa: E402
from tests.e2e.harness import START_TIMEOUT, URL_LINE, running_process  # noqa: E402

THEMES = ("default", "dark")


@pytest.fixture(scope="package")
def gallery_urls() -> Iterator[dict[str, str]]:
    """Theme → base URL of a gallery server showing that theme."""
    with ExitStack() as stack:
        started = {theme: stack.enter_context(running_process(
            ["-m", "webio.gallery", "--port", "0", "--host", "127.0.0.1", "--theme", theme]))
            for theme in THEMES}
        urls = {}
        for theme, (_proc, output) in started.items():
            found = output.wait_for(URL_LINE, START_TIMEOUT)
            if found is None:
                raise RuntimeError(f"the gallery ({theme} theme) did not start:\n{output.text}")
            urls[theme] = found.group(1)
        yield urls


@pytest.fixture(scope="package")
def docs_browser() -> Iterator[Any]:
    with chromium_for_tests() as browser:
        yield browser


@pytest.fixture()
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of the page (tests assert there are none)."""
    return []


@pytest.fixture()
def page(docs_browser: Any, console_errors: list[str]) -> Iterator[Any]:
    context = docs_browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900},
                                       device_scale_factor=1)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    pg.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
