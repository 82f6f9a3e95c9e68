"""End-to-end: real webio servers (the app modules of this folder, each in a subprocess; see
harness.py) and one headless Chromium for the whole package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")

from tests.client.chromium import chromium_for_tests  # noqa: E402

from .harness import app_server  # noqa: E402

@pytest.fixture(scope="module", params=["websocket", "http"])
def server_url(request: Any) -> Iterator[str]:
    """tests/e2e/apps.py served over each transport in turn."""
    with app_server("apps", request.param) as server:
        yield server.url


@pytest.fixture(scope="package")
def e2e_browser() -> Iterator[Any]:
    with chromium_for_tests() as browser:
        yield browser


@pytest.fixture()
def page_errors() -> list[str]:
    """Uncaught errors of the page's scripts (the ``page`` fixture fails the test on any)."""
    return []


def checked_page(browser: Any, page_errors: list[str], **context_options: Any) -> Iterator[Any]:
    """A page in a new context (``context_options``: viewport, is_mobile, ...); the test fails if
    its scripts raised (``page_errors``). For fixtures: ``yield from checked_page(...)``."""
    context = browser.new_context(locale="en-US", **context_options)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.on("pageerror", lambda e: page_errors.append(str(e)))
    yield pg
    context.close()
    assert not page_errors, page_errors


@pytest.fixture()
def page(e2e_browser: Any, page_errors: list[str]) -> Iterator[Any]:
    yield from checked_page(e2e_browser, page_errors, accept_downloads=True)
