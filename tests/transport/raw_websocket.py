"""A WebSocket client on a bare socket, for checking permessage-deflate on the wire (RFC 7692).

It offers what it is told (Chromium offers ``permessage-deflate; client_max_window_bits``), shows
the handshake response, and reports each message's RSV1 bit and wire size. Compressed messages
are inflated with a fresh decompressor each, as a server that promised no context takeover allows;
it compresses its own messages the same way.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from tests.conformance.wire import Command, FakeBrowser

CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits"
TAIL = b"\x00\x00\xff\xff"


@dataclass
class Message:
    text: str
    compressed: bool  # RSV1 was set
    wire_bytes: int   # payload length on the wire


@dataclass
class RawTab:
    """One tab on a bare socket; ``extensions`` is the handshake's ``Sec-WebSocket-Extensions``."""

    sock: socket.socket
    status: int
    headers: dict[str, str]
    browser: FakeBrowser = field(default_factory=FakeBrowser)
    messages: list[Message] = field(default_factory=list)
    _buffer: bytes = b""

    @property
    def extensions(self) -> Optional[str]:
        return self.headers.get("sec-websocket-extensions")

    @property
    def server_window_bits(self) -> int:
        if not self.extensions:
            return 15
        return int(extension_parameters(self.extensions).get("server_max_window_bits") or 15)

    def _read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def receive(self) -> Message:
        """The next text message (control frames answered or skipped)."""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            assert not second & 0x80, "server frames are not masked"
            payload = self._read(length)
            opcode, rsv1 = first & 0x0F, bool(first & 0x40)
            assert first & 0x80, "webio sends each message in one frame"
            if opcode == 0x8:
                raise ConnectionError(f"closed by the server: {payload!r}")
            if opcode in (0x9, 0xA):
                continue
            # With the window the server promised (a bigger one would hide a broken promise).
            data = zlib.decompressobj(-self.server_window_bits).decompress(payload + TAIL) if rsv1 else payload
            message = Message(data.decode(), rsv1, length)
            self.messages.append(message)
            self.browser.feed(message.text)
            return message

    def wait_for(self, predicate: Callable[[Command], bool]) -> Command:
        while True:
            found = self.browser.take(predicate)
            if found is not None:
                return found
            self.receive()

    def send(self, text: str, compress_bits: Optional[int] = None) -> None:
        """One masked text frame, deflated with a fresh compressor when ``compress_bits`` is given."""
        payload, first = text.encode(), 0x81
        if compress_bits is not None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -compress_bits)
            payload = (compressor.compress(payload) + compressor.flush(zlib.Z_SYNC_FLUSH))[:-4]
            first |= 0x40
        mask = os.urandom(4)
        length = len(payload)
        header = bytes([first])
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def event(self, name: str, task_id: str, data: Any, compress_bits: Optional[int] = None) -> None:
        self.send(self.browser.event(name, task_id, data), compress_bits)

    def close(self) -> None:
        self.sock.close()


def connect(port: int, offer: Optional[str] = CHROMIUM_OFFER, path: str = "/", host: str = "127.0.0.1") -> RawTab:
    """Open a WebSocket to ``http://host:port/path`` offering ``offer`` (None: no extension)."""
    sock = socket.create_connection((host, port), timeout=15)
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}", "Sec-WebSocket-Version: 13",
             f"Origin: http://{host}:{port}"]
    if offer is not None:
        lines.append(f"Sec-WebSocket-Extensions: {offer}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    raw = b""
    while b"\r\n\r\n" not in raw:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError(f"no handshake response: {raw!r}")
        raw += chunk
    head, rest = raw.split(b"\r\n\r\n", 1)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    tab = RawTab(sock, int(status_line.split()[1]), headers)
    tab._buffer = rest
    return tab


def extension_parameters(header: Optional[str]) -> dict[str, Optional[str]]:
    """The parameters of a ``permessage-deflate`` response header (None: without a value)."""
    assert header is not None, "the server did not accept permessage-deflate"
    name, *params = [part.strip() for part in header.split(";")]
    assert name == "permessage-deflate", header
    parsed: dict[str, Optional[str]] = {}
    for param in params:
        key, sep, value = param.partition("=")
        parsed[key.strip()] = value.strip() if sep else None
    return parsed


def json_of(message: Message) -> Any:
    return json.loads(message.text)
