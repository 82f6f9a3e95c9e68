"""The test client's WebSocket hears a server's last frame even when the server resets the
connection right after its close frame (daphne may): websockets' own sync client loses it."""
from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading

from webio.testing._wsclient import connect

LAST_WORDS = b'{"commands":[{"command":"close_session"}]}'


def _server_that_resets(listener: socket.socket, ready: threading.Event) -> None:
    conn, _ = listener.accept()
    request = b""
    while b"\r\n\r\n" not in request:
        request += conn.recv(4096)
    key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key"))
    accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    ready.wait(5)  # the client is reading
    # One write: the last frame and the close frame, then a reset before the client can answer.
    conn.sendall(bytes([0x81, len(LAST_WORDS)]) + LAST_WORDS + bytes([0x88, 2]) + struct.pack("!H", 1000))
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def test_frame_sent_with_close_and_reset_is_received() -> None:
    for _ in range(3):  # the loss needs the reset to win a race: try it a few times
        listener = socket.create_server(("127.0.0.1", 0))
        ready = threading.Event()
        thread = threading.Thread(target=_server_that_resets, args=(listener, ready), daemon=True)
        thread.start()
        with connect(f"ws://127.0.0.1:{listener.getsockname()[1]}/", open_timeout=5) as ws:
            ready.set()
            assert ws.recv(timeout=5) == LAST_WORDS.decode()
        thread.join(5)
        listener.close()
