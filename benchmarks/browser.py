"""Browser metrics: headless Chromium (Playwright for Python, the system's Chromium) opens the app's page.

- ``first_output``: navigation start → the first output ("ready") is in the page and painted;
  measured for the first visitor of a fresh server and for a second page load.
- ``lines`` / ``table``: navigation start → the app's final "done" marker, which follows
  BENCH_N ``put_text`` lines or the BENCH_N-row table, is in the page and painted (both clients
  apply commands in order, so everything before the marker is there too; the count is checked).
- ``idle_polls``: requests per minute an idle page makes to its HTTP-transport server.
- Bytes: every HTTP response the page loaded (page and assets, as encoded on the wire), and the
  text the WebSocket carried.
Times are taken inside the page (``performance.now()`` is measured from navigation start). A page
still working at the time limit counts as the limit, shown as a lower bound ("> N").
"""
from __future__ import annotations

import atexit
import os
import shutil
import time
from typing import Any, Optional

# The system's Chromium (Playwright's own browser download is never used); BENCH_CHROMIUM overrides.
CHROMIUM = (os.environ.get("BENCH_CHROMIUM") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
            or shutil.which("chromium") or shutil.which("chromium-browser"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = {"webio": "#webio-scope-ROOT", "pywebio": "#pywebio-scope-ROOT"}
TIMEOUT_MS = 300_000

_browser: Any = None
_playwright: Any = None


class BrowserMissing(Exception):
    pass


def browser() -> Any:
    global _browser, _playwright
    if _browser is None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise BrowserMissing("playwright for Python (pip install playwright)") from exc
        if not CHROMIUM:
            raise BrowserMissing("a Chromium executable (install chromium, or set BENCH_CHROMIUM)")
        _playwright = sync_playwright().start()
        _browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        atexit.register(close_browser)
        warm = _browser.new_context()  # the first page of a fresh browser pays start-up costs
        warm.new_page().goto("data:text/html,<p>warm-up</p>")
        warm.close()
    return _browser


def close_browser() -> None:
    global _browser, _playwright
    if _browser is not None:
        _browser.close()
        _playwright.stop()
        _browser = _playwright = None


# The predicate runs once per animation frame: cheap look-ups only, no layout reads.
MARKER_JS = """([root, marker]) => {
    const scope = document.querySelector(root);
    if (!scope) return false;
    const last = scope.lastElementChild;
    return !!last && last.textContent.trim() === marker;
}"""
PAINTED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
COUNT_JS = """([root]) => ({rows: document.querySelectorAll(root + ' tr').length,
                           outputs: document.querySelector(root).children.length})"""
# Resource Timing: bytes on the wire (headers + encoded body) of the page and everything it fetched.
BYTES_JS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                     .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""


def measure_page(port: int, impl: str, which: str, app: str, idle_seconds: float = 5.0,
                 timeout_ms: int = TIMEOUT_MS) -> dict[str, Any]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser().new_context()
    page = context.new_page()
    info: dict[str, Any] = {"requests": 0, "ws_bytes": 0, "app_requests": 0}
    errors: list[str] = []

    def on_finished(request: Any) -> None:
        info["requests"] += 1
        if "app=" in request.url and "_webio_static" not in request.url:
            info["app_requests"] += 1
            info["last_app_request"] = time.monotonic()

    def on_websocket(ws: Any) -> None:
        ws.on("framereceived", lambda payload: info.__setitem__("ws_bytes", info["ws_bytes"] + len(payload)))

    page.on("requestfinished", on_finished)
    page.on("websocket", on_websocket)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"http://127.0.0.1:{port}/?app={app}", wait_until="commit", timeout=TIMEOUT_MS)
        marker = "ready" if which in ("first_output", "idle_polls") else "done"
        try:
            page.wait_for_function(MARKER_JS, arg=[ROOT[impl], marker], polling="raf", timeout=timeout_ms)
        except PlaywrightTimeout:
            # Report a lower bound rather than nothing: the page is still working at the limit.
            info.update(ms=float(timeout_ms), timed_out=True, page_bytes=page.evaluate(BYTES_JS))
            return info
        info["ms"] = page.evaluate(PAINTED_JS)
        info.update(page.evaluate(COUNT_JS, [ROOT[impl]]))
        page.wait_for_load_state("load", timeout=TIMEOUT_MS)
        info["page_bytes"] = page.evaluate(BYTES_JS)
        info["dom_content_loaded_ms"] = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        if which == "idle_polls":
            before = info["app_requests"]
            start = time.monotonic()
            page.wait_for_timeout(idle_seconds * 1000)
            info["polls_per_minute"] = (info["app_requests"] - before) * 60 / (time.monotonic() - start)
    except Exception as exc:
        if errors:
            raise RuntimeError(f"{exc}; page errors: {errors[:3]}") from exc
        raise
    finally:
        context.close()
    info["page_errors"] = errors[:5]
    return {k: v for k, v in info.items() if k != "last_app_request"}


def first_output(port: int, impl: str, app: str) -> dict[str, Any]:
    """The first visitor of a fresh server (``cold_ms``), then a second page load (``ms``)."""
    cold = measure_page(port, impl, "first_output", app)
    warm = measure_page(port, impl, "first_output", app)
    return dict(warm, cold_ms=cold["ms"], cold_dom_content_loaded_ms=cold.get("dom_content_loaded_ms"))


def check_count(info: dict[str, Any], which: str, n: Optional[int]) -> None:
    if n is None or info.get("timed_out"):
        return
    if which == "table" and info["rows"] < n + 1:
        raise RuntimeError(f"table has {info['rows']} rows, expected {n + 1}")
    if which == "lines" and info["outputs"] < n + 1:
        raise RuntimeError(f"page has {info['outputs']} outputs, expected {n + 1}")
