"""Upload limits on a real server, checked from the first chunk: a scripted client sends a 150 MB
file in chunks as the browser does (the first chunk declaring the event's size, task id and file
sizes) to ``file_upload(max_size='100K')``; the server must refuse it with the message under the
input before the rest arrives, stay under 64 MB of RSS growth (three uploads at once too), and the
session must go on (a small file is accepted afterwards)."""
from __future__ import annotations

import asyncio
import base64
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from websockets.asyncio.client import ClientConnection, connect

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from test_backpressure_servers import _server  # noqa: E402

CHUNK_BYTES = 256 * 1024
FILE_SIZE = 150 * 1024 * 1024
RSS_GROWTH_LIMIT = 64 * 1024 * 1024


class Tab:
    """A scripted tab of the ``upload`` app over WebSocket."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seq = 0
        self.commands: list[dict[str, Any]] = []

    async def until(self, name: str, timeout: float = 60) -> dict[str, Any]:
        """The first command called ``name`` not seen before (earlier ones are consumed)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, cmd in enumerate(self.commands):
                if cmd["command"] == name:
                    del self.commands[:i + 1]
                    return cmd
            self.commands.clear()
            frame = json.loads(await asyncio.wait_for(self.ws.recv(), max(deadline - time.monotonic(), 0.1)))
            self.commands.extend(frame.get("commands", []))

    def _submit_text(self, task_id: str, name: str) -> tuple[str, str]:
        head = json.dumps({"event": "from_submit", "task_id": task_id, "seq": self.seq})[:-1]
        head += f', "data": {{"{name}": {{"filename": "big.bin", "mime_type": "", "last_modified": 0, "content": "'
        return head, '"}}}'

    async def send_big(self, task_id: str, name: str, size: int, declare: bool = True) -> None:
        """Send a file of ``size`` bytes in chunks, as the browser does (never built whole here)."""
        self.seq += 1
        content_chars = (size + 2) // 3 * 4
        head, tail = self._submit_text(task_id, name)
        total = len(head) + content_chars + len(tail)
        per_chunk = CHUNK_BYTES - 1024
        count = -(-total // per_chunk)
        filler = "A" * per_chunk
        for index in range(count):
            start, end = index * per_chunk, min((index + 1) * per_chunk, total)
            parts = []
            if start < len(head):
                parts.append(head[start:min(end, len(head))])
            body_start, body_end = max(start, len(head)), min(end, len(head) + content_chars)
            if body_end > body_start:
                parts.append(filler[:body_end - body_start])
            if end > len(head) + content_chars:
                parts.append(tail[max(start - len(head) - content_chars, 0):end - len(head) - content_chars])
            chunk: dict[str, Any] = {"seq": self.seq, "index": index, "count": count, "data": "".join(parts)}
            if index == 0 and declare:
                chunk.update(size=total, task_id=task_id, files={name: [size]})
            await self.ws.send(json.dumps({"chunk": chunk}))

    async def send_small(self, task_id: str, name: str, content: bytes) -> None:
        self.seq += 1
        await self.ws.send(json.dumps({"event": "from_submit", "task_id": task_id, "seq": self.seq, "data": {
            name: {"filename": "small.txt", "mime_type": "text/plain", "last_modified": 0,
                   "content": base64.b64encode(content).decode()}}}))


async def _one_refused_upload(port: int, declare: bool) -> tuple[str, str]:
    async with connect(f"ws://127.0.0.1:{port}/?app=upload", origin=f"http://127.0.0.1:{port}",
                       max_size=None, compression=None) as ws:
        tab = Tab(ws)
        form = await tab.until("input_group")
        name = form["spec"]["inputs"][0]["name"]
        await tab.send_big(form["task_id"], name, FILE_SIZE, declare=declare)
        if declare:
            refusal = await tab.until("update_input")
            assert refusal["task_id"] == form["task_id"] and refusal["spec"]["target_name"] == name
            message = refusal["spec"]["attributes"]["invalid_feedback"]
            assert refusal["spec"]["attributes"]["valid_status"] is False
        else:
            message = (await tab.until("toast"))["spec"]["content"]
        await tab.send_small(form["task_id"], name, b"hello")  # the same form, still open
        shown = await tab.until("output")
        return message, shown["spec"]["content"]


def _peak_rss_while(process: psutil.Process, run: Any) -> tuple[int, Any]:
    baseline = process.memory_info().rss
    peak = 0
    done = threading.Event()
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, daemon=True).start()
    while not done.wait(0.05):
        peak = max(peak, process.memory_info().rss - baseline)
    if "error" in result:
        raise result["error"]
    return peak, result["value"]


def test_a_150_mb_upload_over_max_size_is_refused_from_its_first_chunk() -> None:
    with _server("tornado", "websocket") as (port, process):
        asyncio.run(_one_refused_upload(port, declare=True))  # warm up the server
        peak, (message, shown) = _peak_rss_while(process, lambda: _one_refused_upload(port, declare=True))
        print(f"one 150 MB upload refused: peak RSS growth {peak / 2**20:.1f} MB")
        assert message == "A file is larger than the limit of 100K"
        assert shown == "received small.txt of 5 bytes"
        assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"

        async def three() -> list[tuple[str, str]]:
            return list(await asyncio.gather(*(_one_refused_upload(port, declare=True) for _ in range(3))))

        peak, results = _peak_rss_while(process, three)
        print(f"three 150 MB uploads refused at once: peak RSS growth {peak / 2**20:.1f} MB")
        assert [r[1] for r in results] == ["received small.txt of 5 bytes"] * 3
        assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"


def test_an_upload_that_declares_nothing_is_cut_off_at_what_the_limits_allow() -> None:
    """A client that declares no sizes: the form's limits still bound the event (about 1 MiB here)."""
    with _server("tornado", "websocket") as (port, process):
        peak, (message, shown) = _peak_rss_while(process, lambda: _one_refused_upload(port, declare=False))
        print(f"undeclared 150 MB upload refused: peak RSS growth {peak / 2**20:.1f} MB")
        assert "too large" in message
        assert shown == "received small.txt of 5 bytes"
        assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"


def test_over_http_the_refusal_comes_in_the_answer_to_the_first_chunk() -> None:
    """The HTTP transport: the answer to the first chunk carries the refusal and acknowledges the
    event (so the browser sends no more of it); the form then takes a small file."""
    from test_backpressure_servers import _http_post

    with _server("tornado", "http") as (port, process):
        baseline = process.memory_info().rss
        reply, session_id = _http_post(port, "", {"ack": 0, "events": [], "wait": 0}, app="upload")
        commands = [c for f in reply["frames"] for c in f["commands"]]
        form = next(c for c in commands if c["command"] == "input_group")
        task_id, name = form["task_id"], form["spec"]["inputs"][0]["name"]
        applied = max(f["seq"] for f in reply["frames"])
        head = json.dumps({"event": "from_submit", "task_id": task_id, "seq": 1})[:-1]
        head += f', "data": {{"{name}": {{"filename": "big.bin", "content": "'
        chunk = {"seq": 1, "index": 0, "count": 800, "data": head + "A" * 200_000,
                 "size": 200 * 1024 * 1024, "task_id": task_id, "files": {name: [FILE_SIZE]}}
        reply, _ = _http_post(port, session_id, {"ack": applied, "chunk": chunk, "wait": 0}, app="upload")
        updates = [c for f in reply["frames"] for c in f["commands"] if c["command"] == "update_input"]
        assert updates and updates[0]["spec"]["attributes"]["invalid_feedback"] == "A file is larger than the limit of 100K"
        assert max(f.get("ack", 0) for f in reply["frames"]) == 1  # the event counts as processed
        applied = max(f["seq"] for f in reply["frames"])
        small = {"event": "from_submit", "task_id": task_id, "seq": 2, "data": {name: {
            "filename": "small.txt", "mime_type": "text/plain", "last_modified": 0,
            "content": base64.b64encode(b"hello").decode()}}}
        reply, _ = _http_post(port, session_id, {"ack": applied, "events": [small], "wait": 0}, app="upload")
        texts = [c["spec"].get("content") for f in reply["frames"] for c in f["commands"] if c["command"] == "output"]
        assert "received small.txt of 5 bytes" in texts
        assert process.memory_info().rss - baseline < RSS_GROWTH_LIMIT


def _temp_files(process: psutil.Process) -> int:
    return sum(1 for f in process.open_files() if "(deleted)" in f.path or "/tmp" in f.path)


def test_a_big_accepted_upload_is_spooled_and_its_temporary_files_go_with_the_session() -> None:
    """147 MB within the limits (its base64 just under the default max_payload_size): its base64 goes to a temporary file as it arrives, the app reads it
    as a file object (``as_file=True``) with the server's RSS growing by less than 64 MB, then takes
    a smaller one as bytes; once the tab leaves, no temporary file is left open."""
    import hashlib

    small = 21_000_000  # sizes divisible by 3: the scripted base64 needs no padding
    BIG = 147_000_000  # noqa: N806
    with _server("tornado", "websocket") as (port, process):
        asyncio.run(_one_refused_upload(port, declare=True))  # warm up the server
        baseline_files = _temp_files(process)
        first_done: list[float] = []

        async def run() -> list[str]:
            async with connect(f"ws://127.0.0.1:{port}/?app=bigupload", origin=f"http://127.0.0.1:{port}",
                               max_size=None, compression=None) as ws:
                tab = Tab(ws)
                shown = []
                for size in (BIG, small):
                    form = await tab.until("input_group")
                    await tab.send_big(form["task_id"], form["spec"]["inputs"][0]["name"], size)
                    shown.append((await tab.until("output", timeout=120))["spec"]["content"])
                    first_done.append(time.monotonic())
                return shown

        samples: list[tuple[float, int]] = []
        baseline = process.memory_info().rss
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.is_set():
                samples.append((time.monotonic(), process.memory_info().rss - baseline))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            shown = asyncio.run(run())
        finally:
            sampling.set()
            sampler.join()
        peak = max(growth for at, growth in samples if at <= first_done[0])
        print(f"147 MB upload accepted as a file object: peak RSS growth {peak / 2**20:.1f} MB")
        zeros, small_zeros = hashlib.sha256(bytes(BIG)).hexdigest(), hashlib.sha256(bytes(small)).hexdigest()
        assert shown == [f"file big.bin {BIG} {zeros}", f"bytes big.bin {small} {small_zeros}"]
        assert peak < RSS_GROWTH_LIMIT, f"the server grew by {peak / 2**20:.0f} MB"
        deadline = time.monotonic() + 10
        while _temp_files(process) > baseline_files and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _temp_files(process) == baseline_files
