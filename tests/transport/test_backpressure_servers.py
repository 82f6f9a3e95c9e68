"""Backpressure on real servers: an app flooding output to a tab that stops reading.

A scripted client of the wire protocol opens an app that tries 1,000,000 ``put_text``, reads the
first frame and then stops reading. After a while the server's RSS must have grown by less than
100 MB and the app must be stuck (its progress, read through another session, no longer moves);
then the client reads again and must receive every line, in order, and the final "done".
"""
from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import psutil
import pytest
from websockets.asyncio.client import connect

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from flood_apps import FLOOD_COUNT  # noqa: E402
from tests.conformance.servers import free_port, stop  # noqa: E402

RSS_GROWTH_LIMIT = 100 * 1024 * 1024
PAUSE_SECONDS = 6.0  # at most, for the app to fill the buffers and stop
SETTLE_SECONDS = 2.0  # at least, before its progress is read
ACK_EVERY = 64


@contextlib.contextmanager
def _server(plugin: str, protocol: str) -> Iterator[tuple[int, psutil.Process]]:
    port = free_port()
    env = dict(os.environ, WEBIO_NO_BROWSER="1", PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, str(HERE / "flood_apps.py"), plugin, protocol, str(port)], env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError(f"the {plugin} server did not start") from None
                time.sleep(0.1)
        yield port, psutil.Process(process.pid)
    finally:
        stop(process)


class Lines:
    """Checks that the texts arrive as ``line 0``, ``line 1``, …, then ``done``."""

    def __init__(self) -> None:
        self.next = 0
        self.done = False

    def take(self, frame: dict[str, Any]) -> None:
        for cmd in frame.get("commands", []):
            if cmd["command"] != "output" or cmd["spec"].get("type") != "text":
                continue
            content = cmd["spec"]["content"]
            if content == "done":
                assert self.next == FLOOD_COUNT, f"'done' after {self.next} lines"
                self.done = True
            else:
                assert content == f"line {self.next}", f"expected 'line {self.next}', got {content!r}"
                self.next += 1


def _progress(port: int, protocol: str) -> dict[str, int]:
    """Open the ``progress`` app in another session and read what it shows."""
    if protocol == "http":
        frames = _http_post(port, "", {"ack": 0, "events": [], "wait": 0}, app="progress")[0]["frames"]
    else:
        async def read() -> list[dict[str, Any]]:
            async with connect(f"ws://127.0.0.1:{port}/?app=progress", origin=f"http://127.0.0.1:{port}") as ws:
                found: list[dict[str, Any]] = []
                while not any("progress" in json.dumps(f) for f in found):
                    found.append(json.loads(await ws.recv()))
                return found
        frames = asyncio.run(read())
    for frame in frames:
        for cmd in frame.get("commands", []):
            spec = cmd.get("spec")
            content = str(spec.get("content", "")) if isinstance(spec, dict) else ""
            if content.startswith("progress "):
                return {k: int(v) for k, v in (part.split("=") for part in content.split()[1:])}
    raise AssertionError(f"no progress in {frames}")


def _watch_rss(process: psutil.Process, seconds: float, baseline: int) -> int:
    """The largest RSS growth seen over ``seconds``."""
    peak = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        peak = max(peak, process.memory_info().rss - baseline)
        time.sleep(0.1)
    return peak


def _check_stuck(port: int, protocol: str, app: str, process: psutil.Process, baseline: int) -> int:
    """While the client reads nothing: RSS bounded, the app stuck short of the end (its progress
    the same over a whole second, checked once it filled what the server buffers)."""
    peak = _watch_rss(process, SETTLE_SECONDS, baseline)
    deadline = time.monotonic() + PAUSE_SECONDS
    after = _progress(port, protocol)[app]
    while True:
        before = after
        peak = max(peak, _watch_rss(process, 1.0, baseline))
        after = _progress(port, protocol)[app]
        if after == before or time.monotonic() > deadline:
            break
    print(f"{app} over {protocol}: RSS growth peak {peak / 2**20:.1f} MB, app stuck at {after} of {FLOOD_COUNT}")
    assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"
    assert before == after < FLOOD_COUNT - 1, f"the app was not held back ({before} then {after})"
    return peak


async def _flood_websocket(port: int, app: str, process: psutil.Process, baseline: int) -> Lines:
    lines = Lines()
    async with connect(f"ws://127.0.0.1:{port}/?app={app}", origin=f"http://127.0.0.1:{port}",
                       max_size=None, compression=None, max_queue=4) as ws:
        first = json.loads(await ws.recv())  # then stop reading
        lines.take(first)
        await asyncio.get_running_loop().run_in_executor(None, _check_stuck, port, "websocket", app, process, baseline)
        applied, acked = first.get("seq", 0), 0
        quiet_since = time.monotonic()
        while not lines.done:
            try:  # as the browser: acknowledge every 64 frames, and soon after the last one
                message = await asyncio.wait_for(ws.recv(), 0.2)
            except asyncio.TimeoutError:
                assert time.monotonic() - quiet_since < 60, f"nothing more after line {lines.next}"
                if applied > acked:
                    acked = applied
                    await ws.send(json.dumps({"ack": acked}))
                continue
            quiet_since = time.monotonic()
            frame = json.loads(message)
            lines.take(frame)
            applied = frame.get("seq", applied)
            if applied - acked >= ACK_EVERY:
                acked = applied
                await ws.send(json.dumps({"ack": acked}))
    return lines


def _http_post(port: int, session_id: str, body: dict[str, Any], app: str = "flood") -> tuple[dict[str, Any], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", f"/?app={app}&_webio=http", json.dumps(body).encode(),
                     {"Content-Type": "application/json", "Webio-Session-Id": session_id,
                      "Origin": f"http://127.0.0.1:{port}"})
        response = conn.getresponse()
        assert response.status == 200, response.read()[:200]
        reply = json.loads(response.read())
        return reply, reply["session_id"]
    finally:
        conn.close()


def _flood_http(port: int, app: str, process: psutil.Process, baseline: int) -> Lines:
    lines = Lines()
    reply, session_id = _http_post(port, "", {"ack": 0, "events": [], "wait": 0}, app=app)
    applied = 0

    def take(reply: dict[str, Any]) -> None:
        nonlocal applied
        for frame in reply["frames"]:
            if frame.get("seq", 0) > applied:
                lines.take(frame)
                applied = frame["seq"]

    take(reply)
    _check_stuck(port, "http", app, process, baseline)  # no requests meanwhile
    while not lines.done:
        reply, _ = _http_post(port, session_id, {"ack": applied, "events": [], "wait": 5}, app=app)
        take(reply)
        assert not reply["closed"] or lines.done
    return lines


@pytest.mark.parametrize("plugin,protocol,app", [
    ("tornado", "websocket", "flood"),
    ("starlette", "websocket", "flood"),
    ("tornado", "websocket", "aflood"),
    ("tornado", "http", "flood"),
])
def test_a_flooding_app_waits_for_a_tab_that_stops_reading(plugin: str, protocol: str, app: str) -> None:
    with _server(plugin, protocol) as (port, process):
        _progress(port, protocol)  # warm up: one session served
        baseline = process.memory_info().rss
        if protocol == "http":
            lines = _flood_http(port, app, process, baseline)
        else:
            lines = asyncio.run(_flood_websocket(port, app, process, baseline))
        assert lines.done and lines.next == FLOOD_COUNT
        assert _progress(port, protocol)[app] == FLOOD_COUNT  # and the server goes on


def test_a_coroutine_app_that_never_awaits_is_stopped_with_a_message() -> None:
    """``burst`` never awaits: it cannot wait for the tab, so past 4 bounds it is closed with an
    error shown to the user, and the server's memory stays bounded."""
    with _server("tornado", "websocket") as (port, process):
        _progress(port, "websocket")
        baseline = process.memory_info().rss

        peaks: list[int] = []

        async def run() -> Optional[str]:
            async with connect(f"ws://127.0.0.1:{port}/?app=burst", origin=f"http://127.0.0.1:{port}",
                               max_size=None, compression=None, max_queue=4) as ws:
                peaks.append(await asyncio.get_running_loop().run_in_executor(None, _watch_rss, process, 3.0, baseline))
                alert = None
                async for message in ws:  # read on: the error alert, then the end of the session
                    for cmd in json.loads(message).get("commands", []):
                        if cmd["command"] == "output" and cmd["spec"].get("type") == "alert":
                            alert = str(cmd["spec"])
                return alert

        alert = asyncio.run(run())
        peak = max(peaks + [process.memory_info().rss - baseline])
        print(f"burst (coroutine, never awaits): RSS growth peak {peak / 2**20:.1f} MB")
        assert alert is not None and "internal error" in alert
        assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"
        assert _progress(port, "websocket")["burst"] < FLOOD_COUNT - 1
