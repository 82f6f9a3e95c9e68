"""Check that the scripted click clients send what Chromium sends: ``python -m benchmarks.recording``.

For each implementation, headless Chromium opens the click page and clicks twice while its WebSocket
frames are recorded; then the scripted client does the same. Both lists of sent frames are reduced to
their shape (ids, uuids, seq/ack numbers replaced by placeholders) and must be equal. The runner does
this once before the peer metrics, so a client that drifted from the real one is noticed.
"""
from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any

from .clients import CLICK_ADAPTERS
from .server import ServerProcess, python_for
from .venv import ensure_pywebio_venv

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def shape(frame: str) -> Any:
    """A sent frame with what differs between sessions replaced: uuids, callback ids, seq/ack."""
    prefix = re.match(r"^\d*", frame).group(0)  # Engine.IO / Socket.IO packet type
    body = frame[len(prefix):]
    try:
        value = json.loads(body) if body else None
    except ValueError:
        return frame
    return [prefix, _shape(value)]


def _shape(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _shape(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if isinstance(value, str):
        return "<id>" if key in ("task_id",) or UUID.fullmatch(value) else value
    if isinstance(value, (int, float)) and key in ("seq", "ack", "id"):
        return "<n>"
    return value


def clicks_only(frames: list[str]) -> list[Any]:
    """The frames that carry a click (webio/PyWebIO ``callback`` events, NiceGUI ``event`` packets)."""
    return [shape(f) for f in frames if '"callback"' in f or f.startswith('42["event"')]


def chromium_frames(port: int, clicks: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    sent: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f if isinstance(f, str) else "")))
            page.goto(f"http://127.0.0.1:{port}/?app=click")
            button = page.get_by_role("button", name="+")
            for n in range(1, clicks + 1):
                button.click()
                page.get_by_text(str(n), exact=True).wait_for()
        finally:
            browser.close()
    return sent


async def scripted_frames(impl: str, port: int, clicks: int, raw: bool) -> list[str]:
    client = CLICK_ADAPTERS[impl](port, "click")
    client.raw = raw
    await client.open()
    await client.ready_to_click()
    try:
        for n in range(1, clicks + 1):
            await client.click(str(n))
    finally:
        await client.close()
    return client.sent


def check(impl: str, python: str, clicks: int = 2) -> tuple[bool, str]:
    """Whether the scripted client of ``impl`` sends the same click frames as Chromium, and why not."""
    with ServerProcess(python, impl, "thread") as server:
        real = clicks_only(chromium_frames(server.port, clicks))
        # the scripted client over both transports: websockets (most rows) and rawws (the busy rows)
        ours = {raw: clicks_only(asyncio.run(scripted_frames(impl, server.port, clicks, raw))) for raw in (False, True)}
    if len(real) != clicks:
        return False, f"Chromium sent {len(real)} click frames for {clicks} clicks"
    for raw, frames in ours.items():
        if real != frames:
            client = "raw" if raw else "websockets"
            return False, f"Chromium sent {real[0]!r}, the scripted {client} client {frames[0] if frames else None!r}"
    return True, f"{clicks} click frames equal in shape (websockets and raw clients): {json.dumps(real[0])}"


def main() -> int:
    pywebio = str(ensure_pywebio_venv())
    failed = 0
    for impl in ("webio", "pywebio", "nicegui"):
        ok, why = check(impl, python_for(impl, pywebio))
        failed += not ok
        print(f"{impl}: {'ok' if ok else 'DIFFERS'}: {why}")
    from .wiretap import check_c_client  # the busy scale-out rows' C load generator, seen by the server

    ok, why = check_c_client(python_for("webio", pywebio))
    failed += not ok
    print(f"webio, C load generator: {'ok' if ok else 'DIFFERS'}: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
