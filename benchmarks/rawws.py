"""A minimal WebSocket client over an asyncio Protocol: the load generator of the busy peer rows.

The ``websockets`` library costs the runner about a third of what the server spends per click, and
both share the cores. This client does only what those rows need: the RFC 6455 opening handshake,
masked text frames out, text frames in (fragments joined), pings answered, and permessage-deflate
(RFC 7692) when the server accepts the offer, compressing what it sends as a browser does.

    ws = await raw_connect("ws://127.0.0.1:8080/?app=click", "http://127.0.0.1:8080", deflate=True)
    await ws.send('{"event": "callback"}'); text = await ws.recv(); await ws.close()
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import zlib
from collections import deque
from typing import AsyncIterator, Optional
from urllib.parse import urlsplit

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
DEFLATE_TAIL = b"\x00\x00\xff\xff"
OFFER = "permessage-deflate; client_max_window_bits"  # what Chromium offers


class Headers(dict[str, str]):
    """Response headers, looked up case-insensitively (``get("Sec-WebSocket-Extensions")``)."""

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:  # type: ignore[override]
        return super().get(key.lower(), default)


class Response:
    def __init__(self, headers: Headers) -> None:
        self.headers = headers


class RawWs(asyncio.Protocol):
    """One client connection; ``recv()`` returns each text message as ``str``."""

    def __init__(self) -> None:
        self.transport: Optional[asyncio.Transport] = None
        self.response = Response(Headers())
        self.handshake: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self.buffer = bytearray()
        self.messages: deque[str] = deque()
        self.waiter: Optional[asyncio.Future[None]] = None
        self.closed = False
        self.fragments: list[bytes] = []
        self.fragment_compressed = False
        self.inflate: Optional[zlib._Decompress] = None
        self.deflate: Optional[zlib._Compress] = None
        self.flush = zlib.Z_SYNC_FLUSH  # Z_FULL_FLUSH under client_no_context_takeover: no back-references
        self.client_bits = 15
        self.status = ""

    # ------------------------------------------------------------------ asyncio callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.handshake.done():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            del self.buffer[:end + 4]
            self._head(head.decode("latin-1"))  # before any frame: they may be compressed
            self.handshake.set_result(head)
        self._frames()

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.closed = True
        if not self.handshake.done():
            self.handshake.set_exception(ConnectionError("closed during the WebSocket handshake"))
        self._wake()

    # ------------------------------------------------------------------ frames in
    def _frames(self) -> None:
        buf = self.buffer
        while len(buf) >= 2:
            first, length = buf[0], buf[1] & 0x7F
            start = 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, start = struct.unpack_from("!H", buf, 2)[0], 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, start = struct.unpack_from("!Q", buf, 2)[0], 10
            if buf[1] & 0x80:
                raise ConnectionError("a server frame must not be masked")
            if len(buf) < start + length:
                return
            payload = bytes(buf[start:start + length])
            del buf[:start + length]
            self._frame(first, payload)

    def _frame(self, first: int, payload: bytes) -> None:
        opcode = first & 0x0F
        if opcode == 0x9:  # ping
            self._write(0xA, payload)
            return
        if opcode == 0x8:  # close: answer it, then the transport ends
            if not self.closed:
                self.closed = True
                self._write(0x8, payload[:2])
                assert self.transport is not None
                self.transport.close()
            self._wake()
            return
        if opcode == 0xA:
            return
        if opcode in (0x1, 0x2):
            self.fragments = [payload]
            self.fragment_compressed = bool(first & 0x40)
        else:  # continuation
            self.fragments.append(payload)
        if not first & 0x80:
            return
        data = self.fragments[0] if len(self.fragments) == 1 else b"".join(self.fragments)
        self.fragments = []
        if self.fragment_compressed:
            if self.inflate is None:
                raise ConnectionError("a compressed frame without permessage-deflate negotiated")
            data = self.inflate.decompress(data + DEFLATE_TAIL)
        self.messages.append(data.decode())
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    # ------------------------------------------------------------------ frames out
    def _write(self, opcode: int, payload: bytes, rsv1: int = 0) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | rsv1 | opcode, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | rsv1 | opcode, 0xFE, n)
        else:
            head = struct.pack("!BBQ", 0x80 | rsv1 | opcode, 0xFF, n)
        mask = os.urandom(4)  # a fresh key per frame, as RFC 6455 asks
        keystream = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(keystream, "big")).to_bytes(n, "big")
        assert self.transport is not None
        self.transport.write(head + mask + masked)

    async def send(self, text: str) -> None:
        if self.closed:
            raise ConnectionError("the WebSocket is closed")
        payload = text.encode()
        if self.deflate is None:
            self._write(0x1, payload)
            return
        data = self.deflate.compress(payload) + self.deflate.flush(self.flush)
        self._write(0x1, data[:-4] if data.endswith(DEFLATE_TAIL) else data, 0x40)

    async def recv(self) -> str:
        while not self.messages:
            if self.closed:
                raise ConnectionError("the WebSocket closed")
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter
        return self.messages.popleft()

    async def __aiter__(self) -> AsyncIterator[str]:
        try:
            while True:
                yield await self.recv()
        except ConnectionError:
            return

    async def close(self) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        if not self.closed:
            self.closed = True
            self._write(0x8, struct.pack("!H", 1000))
        self.transport.close()

    # ------------------------------------------------------------------ handshake
    def _head(self, head: str) -> None:
        self.status, *lines = head.split("\r\n")
        for line in lines:
            name, _, value = line.partition(":")
            self.response.headers[name.strip().lower()] = value.strip()
        if self.status.split(" ")[1:2] == ["101"]:
            self._negotiated(self.response.headers.get("Sec-WebSocket-Extensions"))

    def _negotiated(self, extensions: Optional[str]) -> None:
        if not extensions:
            return
        name, *params = [p.strip() for p in extensions.split(";")]
        if name != "permessage-deflate":
            raise ConnectionError(f"the server accepted an extension not offered: {extensions!r}")
        server_bits = 15
        for param in params:
            key, _, value = param.partition("=")
            value = value.strip('"')
            if key == "client_no_context_takeover":
                self.flush = zlib.Z_FULL_FLUSH
            elif key == "client_max_window_bits" and value:
                self.client_bits = int(value)
            elif key == "server_max_window_bits" and value:
                server_bits = int(value)
        self.inflate = zlib.decompressobj(-server_bits)
        self.deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -self.client_bits, 1)


async def raw_connect(url: str, origin: str, deflate: bool = True, timeout: float = 60) -> RawWs:
    """Open a WebSocket to a ``ws://`` URL, offering permessage-deflate as Chromium does (``deflate``)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    loop = asyncio.get_running_loop()
    _, ws = await asyncio.wait_for(loop.create_connection(RawWs, host, port), timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n"
               + (f"Sec-WebSocket-Extensions: {OFFER}\r\n" if deflate else "") + "\r\n")
    assert ws.transport is not None
    ws.transport.write(request.encode())
    try:
        await asyncio.wait_for(ws.handshake, timeout)
    except BaseException:
        ws.transport.close()
        raise
    accept = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
    if ws.status.split(" ")[1:2] != ["101"] or ws.response.headers.get("Sec-WebSocket-Accept") != accept:
        ws.transport.close()
        raise ConnectionError(f"WebSocket handshake refused: {ws.status!r}")
    return ws
