"""Headless Chromium for the browser suites (tests/client, tests/e2e).

Playwright's sync API makes its event loop the running loop of the thread while it is started,
which breaks later tests that call asyncio.run(); so each suite starts it for its own package
only (a package-scoped fixture) and stops it when the package is done.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ContextManager, Optional

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


DEBIAN_CHROMIUM = "/usr/bin/chromium"  # Debian's ``chromium`` package, which tests/run-all.sh installs


def chromium_path() -> Optional[str]:
    """WEBIO_CHROMIUM if set, else Debian's Chromium, else the first Chromium on PATH."""
    chosen = os.environ.get("WEBIO_CHROMIUM")
    if chosen:
        return chosen
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def running_chromium() -> Iterator[Any]:
    """Starts Playwright and Chromium; stops both on exit. FileNotFoundError without Chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path:
        raise FileNotFoundError("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def chromium_for_tests() -> ContextManager[Any]:
    """``running_chromium()`` for the suites: without Chromium the test fails and says how to get
    it (``bash tests/run-all.sh`` installs it), rather than being skipped."""
    if not chromium_path():
        pytest.fail("Chromium is not installed: apt-get install chromium (bash tests/run-all.sh does it)")
    return running_chromium()
