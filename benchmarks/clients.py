"""Client adapters: one per implementation and transport, each speaking that server's wire protocol.

All adapters offer the same small surface to the metrics:
``open()``, ``commands()`` (the next batch of received commands), ``submit(text)`` (answer the
pending ``input()``), ``close()``. They remember the ``task_id`` of the last ``input_group`` seen.

- PyWebIO over WebSocket: one command per message; events are bare (manual §4.12).
- webio over WebSocket: frames ``{"seq","ack","commands"}``; events carry ``seq``/``ack``
  (docs/protocol.md), and the client acknowledges at least every 64 frames as the browser does.
- PyWebIO over HTTP: ``GET ?app=index&ack=N`` polls and ``POST ?app=index&ack=N&seq=K`` sends a JSON
  list of events, session id in the ``webio-session-id`` header (``NEW-…`` opens a session).
- webio over HTTP: ``POST ?app=index&_webio=http`` with ``{"ack","events","wait"}``, session id in
  ``Webio-Session-Id``.

The WebSocket adapters offer permessage-deflate exactly as browsers do
(``permessage-deflate; client_max_window_bits``); the HTTP adapters keep their connection alive.
"""
from __future__ import annotations

import asyncio
import http.client
import json
import re
import secrets
import uuid
from typing import Any, Optional

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

from .rawws import raw_connect

Command = dict[str, Any]
ACK_EVERY = 64


def browser_deflate() -> list[ClientPerMessageDeflateFactory]:
    return [ClientPerMessageDeflateFactory(client_max_window_bits=True)]


async def ws_connect(url: str, origin: str, deflate: bool = True, raw: bool = False) -> Any:
    """A WebSocket that offers permessage-deflate as Chromium does (``deflate``), or no extension;
    ``raw``: the cheaper minimal client of ``rawws`` instead of the ``websockets`` library."""
    if raw:
        return await raw_connect(url, origin, deflate)
    return await websockets.connect(url, origin=origin, compression=None,
                                    extensions=browser_deflate() if deflate else None,
                                    max_size=None, ping_interval=None, proxy=None, open_timeout=60,
                                    close_timeout=2, max_queue=None)


class WsAdapter:
    """Shared WebSocket plumbing; subclasses decode and encode messages."""

    def __init__(self, port: int, app: str = "index") -> None:
        self.url = f"ws://127.0.0.1:{port}/?app={app}"
        self.origin = f"http://127.0.0.1:{port}"
        self.ws: Any = None
        self.task_id: Optional[str] = None
        self.callback_id: Optional[str] = None  # of the last put_buttons seen
        self.deflate = True  # offer permessage-deflate, as browsers do
        self.raw = False  # the minimal client of rawws (the busy rows' load generator)
        self.sent: list[str] = []  # the events sent, for the recording check (benchmarks.recording)

    async def open(self) -> None:
        self.ws = await ws_connect(self.url, self.origin, self.deflate, self.raw)

    async def tally(self, marker: str) -> tuple[int, bool]:
        """Outputs in the next message, and whether one of them shows ``marker``."""
        batch = await self.commands()
        outputs = [c for c in batch if is_output(c)]
        return len(outputs), any(is_output(c, marker) for c in outputs)

    async def commands(self) -> list[Command]:
        batch = await self._decode(await self.ws.recv())
        for cmd in batch:
            if cmd.get("command") == "input_group":
                self.task_id = cmd.get("task_id")
            elif cmd.get("command") == "output" and (cmd.get("spec") or {}).get("type") == "buttons":
                self.callback_id = cmd["spec"]["callback_id"]
        return batch

    async def submit(self, text: str) -> None:
        await self.ws.send(self._event({"event": "from_submit", "task_id": self.task_id, "data": {"data": text}}))

    async def ready_to_click(self) -> None:
        """Read until the page's button has arrived."""
        while self.callback_id is None:
            await self.commands()

    async def click(self, shows: str) -> None:
        """Click the button (its first value) and read until the text ``shows`` is output."""
        event = self._event({"event": "callback", "task_id": self.callback_id, "data": 0})
        self.sent.append(event)
        await self.ws.send(event)
        while not any(is_output(c, shows) for c in await self.commands()):
            pass

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _decode(self, message: str) -> list[Command]:
        raise NotImplementedError

    def _event(self, event: dict[str, Any]) -> str:
        raise NotImplementedError


class PyWebIOWs(WsAdapter):
    async def _decode(self, message: str) -> list[Command]:
        return [json.loads(message)]

    async def tally(self, marker: str) -> tuple[int, bool]:
        """Outputs in the next message, and whether the marker was among them, without decoding
        (one command per message: the least work a client of this protocol can do)."""
        message = await self.ws.recv()
        if '"command": "output"' not in message:
            return 0, False
        return 1, f'"content": "{marker}"' in message

    def _event(self, event: dict[str, Any]) -> str:
        return json.dumps(event)


class WebioWs(WsAdapter):
    def __init__(self, port: int, app: str = "index") -> None:
        super().__init__(port, app)
        self.applied = 0  # highest frame seq applied
        self.acked = 0  # highest frame seq we acknowledged
        self.event_seq = 0

    async def _decode(self, message: str) -> list[Command]:
        frame = json.loads(message)
        seq = frame.get("seq")
        if seq is None:
            return list(frame.get("commands") or [])
        if seq <= self.applied:
            return []
        self.applied = seq
        if self.applied - self.acked >= ACK_EVERY:
            self.acked = self.applied
            await self.ws.send(json.dumps({"ack": self.applied}))
        return list(frame.get("commands") or [])

    def _event(self, event: dict[str, Any]) -> str:
        self.event_seq += 1
        self.acked = self.applied
        return json.dumps(dict(event, seq=self.event_seq, ack=self.applied))


class HttpAdapter:
    """Shared HTTP plumbing: one keep-alive connection, blocking (driven from a worker thread)."""

    def __init__(self, port: int, app: str = "index") -> None:
        self.port = port
        self.app = app
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.origin = f"http://127.0.0.1:{port}"
        self.task_id: Optional[str] = None
        self.requests = 0

    def request(self, method: str, path: str, body: Optional[bytes], headers: dict[str, str]) -> tuple[Any, bytes]:
        headers = dict(headers, Origin=self.origin, Connection="keep-alive")
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        for attempt in range(2):  # a server may close a kept-alive connection between requests
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                self.requests += 1
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
                return response, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _track(self, batch: list[Command]) -> list[Command]:
        for cmd in batch:
            if cmd.get("command") == "input_group":
                self.task_id = cmd.get("task_id")
        return batch

    def close(self) -> None:
        self.conn.close()


class PyWebIOHttp(HttpAdapter):
    def __init__(self, port: int, app: str = "index") -> None:
        super().__init__(port, app)
        self.session_id = "NEW-" + secrets.token_hex(12)
        self.executed = -1  # the client's _executed_command_msg_id
        self.event_seq = 0

    def _apply(self, response: Any, data: bytes) -> list[Command]:
        reply = json.loads(data)
        header = response.getheader("webio-session-id")
        skip = self.executed - reply["seq"] + 1
        batches = reply["commands"]
        out: list[Command] = []
        if len(batches) > skip:
            self.executed = reply["seq"] + len(batches) - 1
            for batch in batches[max(skip, 0):]:
                out.extend(batch)
        if header:
            self.session_id = header
        elif self.session_id.startswith("NEW-"):
            self.session_id = self.session_id[4:]
        return self._track(out)

    def open(self) -> list[Command]:
        return self.poll()

    def poll(self) -> list[Command]:
        response, data = self.request("GET", f"/?app={self.app}&ack={self.executed}", None,
                                      {"webio-session-id": self.session_id})
        return self._apply(response, data)

    def submit(self, text: str) -> list[Command]:
        event = {"event": "from_submit", "task_id": self.task_id, "data": {"data": text}}
        body = json.dumps([event]).encode()
        response, data = self.request("POST", f"/?app={self.app}&ack={self.executed}&seq={self.event_seq}", body,
                                      {"webio-session-id": self.session_id})
        self.event_seq += 1
        return self._apply(response, data)


class WebioHttp(HttpAdapter):
    POLL_WAIT = 20  # what the browser client asks for (long poll), seconds

    def __init__(self, port: int, app: str = "index") -> None:
        super().__init__(port, app)
        self.session_id = ""
        self.applied = 0
        self.event_seq = 0

    def _post(self, events: list[dict[str, Any]], wait: float) -> list[Command]:
        body = json.dumps({"ack": self.applied, "events": events, "wait": wait}).encode()
        headers = {"Webio-Session-Id": self.session_id} if self.session_id else {}
        _, data = self.request("POST", f"/?app={self.app}&_webio=http", body, headers)
        reply = json.loads(data)
        self.session_id = reply.get("session_id") or self.session_id
        out: list[Command] = []
        for frame in reply.get("frames") or []:
            seq = frame.get("seq")
            if seq is not None:
                if seq <= self.applied:
                    continue
                self.applied = seq
            out.extend(frame.get("commands") or [])
        return self._track(out)

    def open(self) -> list[Command]:
        return self._post([], 0)

    def poll(self) -> list[Command]:
        return self._post([], self.POLL_WAIT)

    def submit(self, text: str) -> list[Command]:
        self.event_seq += 1
        event = {"event": "from_submit", "task_id": self.task_id, "data": {"data": text}, "seq": self.event_seq}
        return self._post([event], 0)


class NiceGuiWs:
    """NiceGUI 3's Socket.IO (Engine.IO 4) client for the click page of ``apps/nicegui_click``.

    It sends what Chromium sends, frame for frame (``benchmarks.recording`` checks that against a
    recording of the real page): the page's GET gives the client id and the button's listener; the
    socket opens with the same query; ``40`` connects the namespace; a click is one ``42["event",…]``
    and the answer one ``42["update",…]``. The server pings (``2``) every few seconds and drops a
    client that does not answer (``3``): a reader task answers for idle clients.
    """

    def __init__(self, port: int, app: str = "index") -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.ws: Any = None
        self.deflate = True
        self.raw = False  # the minimal client of rawws (the busy rows' load generator)
        self.client_id = ""
        self.element = 0
        self.listener = ""
        self.sent: list[str] = []  # every frame sent, for the recording check
        self._reader: Optional[asyncio.Task[None]] = None

    async def open(self) -> None:
        html = await asyncio.to_thread(http_get, self.port, "/")
        client = re.search(r"'client_id': '([^']+)'", html)
        button = re.search(r'"(\d+)":\{"tag":"q-btn".*?"listener_id":"([^"]+)","type":"click"', html)
        if not client or not button:
            raise RuntimeError("NiceGUI page without client id or button listener")
        self.client_id, self.element, self.listener = client.group(1), int(button.group(1)), button.group(2)
        query = (f"client_id={self.client_id}&next_message_id=0&implicit_handshake=true&document_id={uuid.uuid4()}"
                 f"&tab_id={uuid.uuid4()}&old_tab_id=null&EIO=4&transport=websocket")
        self.ws = await ws_connect(f"ws://127.0.0.1:{self.port}/_nicegui_ws/socket.io/?{query}", self.origin,
                                   self.deflate, self.raw)
        opening = await self.ws.recv()
        if not opening.startswith("0{"):
            raise RuntimeError(f"unexpected Engine.IO opening {opening[:80]!r}")
        await self.send("40")
        while not (await self.ws.recv()).startswith("40"):
            pass

    async def send(self, text: str) -> None:
        self.sent.append(text)
        await self.ws.send(text)

    async def ready_to_click(self) -> None:
        return None

    async def click(self, shows: str) -> None:
        event = {"id": self.element, "client_id": self.client_id, "listener_id": self.listener, "args": []}
        await self.send("42" + json.dumps(["event", event], separators=(",", ":")))
        while True:
            message = await self.ws.recv()
            if message == "2":
                await self.ws.send("3")
            elif message.startswith("42"):
                name, body = json.loads(message[2:])[:2]
                if name == "update" and any(isinstance(e, dict) and e.get("text") == shows for e in body.values()):
                    return

    def keep_alive(self) -> None:
        """Answer the server's pings in the background (an idle tab does)."""
        async def read() -> None:
            async for message in self.ws:
                if message == "2":
                    await self.ws.send("3")
        self._reader = asyncio.ensure_future(read())

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()


def http_get(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


WS_ADAPTERS = {"webio": WebioWs, "pywebio": PyWebIOWs, "pywebio_nodelay": PyWebIOWs}
CLICK_ADAPTERS: dict[str, Any] = dict(WS_ADAPTERS, nicegui=NiceGuiWs)
HTTP_ADAPTERS = {"webio": WebioHttp, "pywebio": PyWebIOHttp, "pywebio_nodelay": PyWebIOHttp}


def is_output(cmd: Command, content: Optional[str] = None) -> bool:
    if cmd.get("command") != "output":
        return False
    return content is None or str((cmd.get("spec") or {}).get("content")) == content
