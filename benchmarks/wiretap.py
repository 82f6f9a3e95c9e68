"""What reaches the server: a TCP proxy that records the WebSocket frames clients send through it.

The C load generator (``loadgen.c``) is checked on the wire, as the server sees it: headless
Chromium clicks the click page through the proxy, then the generator does; the opening handshakes'
request headers and extension offer, each frame's header bits (FIN, RSV1 = compressed, opcode,
masked, a fresh mask key) and the events' text (after unmasking and inflating; numbers aside) must
be the same, for the click app (a click) and the echo app (an input submitted).

    ok, why = check_c_client(sys.executable)
"""
from __future__ import annotations

import asyncio
import re
import subprocess
import threading
import zlib
from dataclasses import dataclass, field
from typing import Any, Optional

from . import cload
from .recording import CHROMIUM_ARGS, chromium_frames, shape
from .server import ServerProcess

TAIL = b"\x00\x00\xff\xff"


@dataclass
class Frame:
    fin: bool
    rsv1: bool
    opcode: int
    masked: bool
    mask: bytes
    text: str


@dataclass
class Socket:
    """One WebSocket as the server saw it: the upgrade request's headers and the frames sent."""

    request: dict[str, str] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)


class Tap:
    """``with Tap(server_port) as tap:`` connect to ``tap.port``; ``tap.sockets`` fill as clients send."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.port = 0
        self.sockets: list[Socket] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: Optional[asyncio.Server] = None

    def __enter__(self) -> "Tap":
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    async def _shutdown(self) -> None:
        assert self.server is not None
        self.server.close()
        await asyncio.sleep(0.2)  # the last frames (a close) still on their way
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._proxy, "127.0.0.1", 0)

    async def _proxy(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream)
        back = asyncio.ensure_future(self._pipe(server_r, client_w))
        try:
            await self._client_side(client_r, server_w)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            server_w.close()
            await asyncio.gather(back, return_exceptions=True)
            client_w.close()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _client_side(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        writer.write(head)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if headers.get("upgrade", "").lower() != "websocket":  # a page or an asset: passed on unread
            while data := await reader.read(65536):
                writer.write(data)
            return
        sock = Socket(request=headers)
        self.sockets.append(sock)
        inflater = zlib.decompressobj(-15)  # inflates any window the client compresses with
        while True:
            first, second = await reader.readexactly(2)
            raw = bytes([first, second])
            length = second & 0x7F
            if length >= 126:
                extra = await reader.readexactly(2 if length == 126 else 8)
                raw += extra
                length = int.from_bytes(extra, "big")
            mask = await reader.readexactly(4) if second & 0x80 else b""
            payload = await reader.readexactly(length)
            writer.write(raw + mask + payload)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if first & 0x40:
                payload = inflater.decompress(payload + TAIL)
            text = payload.decode("utf-8", "replace") if opcode in (0x0, 0x1) else payload.hex()
            sock.frames.append(Frame(bool(first & 0x80), bool(first & 0x40), opcode, bool(mask), mask, text))
            if opcode == 0x8:
                return


EVENTS = {"click": '"callback"', "echo": '"from_submit"'}  # the frames of one action, per app


def chromium_echo(port: int, rounds: int) -> None:
    """Headless Chromium submitting ``line 1``, ``line 2``, … on webio's echo app at ``port``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/?app=echo")
            for n in range(1, rounds + 1):
                page.get_by_role("textbox").fill(f"line {n}")
                page.get_by_role("button", name="Submit").click()
                page.get_by_text(f"line {n}", exact=True).wait_for()
        finally:
            browser.close()


def c_client(exe: Any, port: int, app: str, actions: int) -> None:
    """One page of the C load generator doing ``actions`` clicks (``click``) or submits (``echo``)."""
    proc = subprocess.run(cload.command(exe, port, app, 1, 0, 0, actions), input="\n", capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"the C load generator failed: {proc.stderr.strip()}")


def _summary(sock: Socket, app: str) -> dict[str, Any]:
    events = [f for f in sock.frames if EVENTS[app] in f.text]
    return {"offer": sock.request.get("sec-websocket-extensions"),
            "request_headers": sorted(sock.request),
            "origin_is_page": sock.request.get("origin") == f"http://{sock.request.get('host')}",
            "event_headers": [(f.fin, f.rsv1, f.opcode, f.masked) for f in events],
            "event_texts": [re.sub(r"\d+", "<n>", f.text) for f in events],
            "event_shapes": [shape(f.text) for f in events],
            "fresh_masks": len({f.mask for f in sock.frames}) == len(sock.frames)}


def check_c_client(python: str, actions: int = 2) -> tuple[bool, str]:
    """Whether the C load generator's clicks and submits reach webio as Chromium's do, and why not."""
    exe, why = cload.build()
    if exe is None:
        return False, f"not checked: {why}"
    seen = []
    with ServerProcess(python, "webio", "thread") as server:
        for app, browse in (("click", chromium_frames), ("echo", chromium_echo)):
            with Tap(server.port) as tap:
                browse(tap.port, actions)
                browser = list(tap.sockets)
                c_client(exe, tap.port, app, actions)
                ours = tap.sockets[len(browser):]
            if len(browser) != 1 or len(ours) != 1:
                return False, f"{app}: one WebSocket each expected, saw {len(browser)} from Chromium, {len(ours)} from C"
            real, mine = _summary(browser[0], app), _summary(ours[0], app)
            if len(real["event_texts"]) != actions:
                return False, f"{app}: Chromium sent {len(real['event_texts'])} event frames for {actions} actions"
            for key, value in real.items():
                if mine[key] != value:
                    return False, f"{app} {key}: Chromium {value!r}, C client {mine[key]!r}"
            others = len(browser[0].frames) - actions - sum(f.opcode == 0x8 for f in browser[0].frames)
            seen.append(f"{app}: {real['event_texts'][0]}" + (f" ({others} other Chromium frames)" if others else ""))
    return True, (f"equal on the wire: handshake headers, offer {real['offer']!r}, frame bits "
                  f"{real['event_headers'][0]} (FIN, RSV1, opcode, masked), fresh masks, texts; " + "; ".join(seen))


def main() -> int:
    import sys

    ok, why = check_c_client(sys.executable)
    print(f"webio, C load generator: {'ok' if ok else 'DIFFERS'}: {why}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
