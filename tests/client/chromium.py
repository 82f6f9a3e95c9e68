"""One headless Chromium per test process, shared by tests/client and tests/e2e.

Playwright's sync API allows one running instance per thread, so every suite that drives a
browser takes it from here instead of starting its own.
"""

from __future__ import annotations

import atexit
import os
import shutil
from typing import Any, Optional

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

_state: dict[str, Any] = {}


def chromium_path() -> Optional[str]:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return os.environ.get("WEBIO_CHROMIUM")


def shared_browser() -> Any:
    """The process's Chromium (started on first use; closed when the process exits)."""
    if "browser" not in _state:
        from playwright.sync_api import sync_playwright

        path = chromium_path()
        if not path:
            raise FileNotFoundError("Chromium is not installed (apt-get install chromium)")
        pw = sync_playwright().start()
        _state["playwright"] = pw
        _state["browser"] = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        atexit.register(_close)
    return _state["browser"]


def _close() -> None:
    browser = _state.pop("browser", None)
    pw = _state.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
        if pw is not None:
            pw.stop()
    except Exception:  # noqa: BLE001  (the process is exiting anyway)
        pass
