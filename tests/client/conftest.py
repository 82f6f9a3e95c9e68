"""A fake webio server for driving the browser client in headless Chromium.

The fake server serves the real page (``webio.page.render_page``) and the built client files,
and speaks the wire protocol of docs/protocol.md over WebSocket and HTTP long-poll. A test sends
frames with ``server.send(...)`` and reads the events the browser sends with ``server.event()``,
so the client is tested without the Python session engine.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

tornado_web = pytest.importorskip("tornado.web")
tornado_websocket = pytest.importorskip("tornado.websocket")
tornado_netutil = pytest.importorskip("tornado.netutil")
tornado_httpserver = pytest.importorskip("tornado.httpserver")
pytest.importorskip("playwright.sync_api")

from webio.page import render_page  # noqa: E402

from .chromium import chromium_for_tests  # noqa: E402

DIST = Path(__file__).resolve().parents[2] / "static" / "dist"
TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".txt": "text/plain"}


def cmd(command: str, spec: Any = None, task_id: Optional[str] = None) -> dict[str, Any]:
    """One command of manual §4.12."""
    out: dict[str, Any] = {"command": command, "spec": spec if spec is not None else {}}
    if task_id is not None:
        out["task_id"] = task_id
    return out


def out(type_: str, **spec: Any) -> dict[str, Any]:
    """An `output` command."""
    return cmd("output", {"type": type_, **spec})


def button_and_note_form(h: Any, session_id: str) -> Any:
    """A session ``session_id`` showing a button "B" (callback c) and a form with one text field
    "Your note"; the form's panel."""
    h.send(cmd("set_session_id", session_id), out("buttons", callback_id="c", buttons=[{"label": "B", "value": 0}]),
           cmd("input_group", {"label": "Note", "inputs": [{"type": "text", "name": "note", "label": "Your note"}]},
               task_id="form"))
    h.settle()
    return h.page.locator("#webio-input-container")


def submit_note(panel: Any, text: str) -> None:
    """Type ``text`` in the form's "Your note" and press Submit."""
    panel.get_by_label("Your note").fill(text)
    panel.get_by_role("button", name="Submit", exact=True).click()


class FakeServer:
    """Tornado in a thread; one session at a time; frames numbered automatically."""

    def __init__(self) -> None:
        self.page_options: dict[str, Any] = {}
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: list[int] = []
        self.connects: list[dict[str, str]] = []
        self.requests: list[str] = []
        self.seq = 0
        self.frames: list[dict[str, Any]] = []  # every frame sent (for HTTP replay)
        self.ws: Any = None
        self.http_closed = False
        self.refuse_websocket = False
        # A message (or POST body) over this many bytes is refused as a server with a lower limit
        # than max_payload_size would: WebSocket close `refuse_with` (1009, or 1006: cut without a
        # close frame), HTTP 413. Its size goes to `refused`.
        self.refuse_over: Optional[int] = None
        self.refuse_with = 1009
        self.refused: list[int] = []
        self.chunks: list[tuple[int, int, int]] = []  # (seq, index, count) of every chunk received
        self.declared: list[dict[str, Any]] = []  # what each first chunk declares (all but its data)
        self.on_first_chunk: Optional[Callable[[dict[str, Any]], None]] = None  # HTTP: before answering it
        self.chunk_sizes: list[int] = []  # bytes of each chunk message (WebSocket) or POST body
        self.cut_at_chunk: Optional[int] = None  # cut the socket (1006) on receiving this chunk index, once
        self.lose_reply_at_chunk: Optional[int] = None  # HTTP: take this chunk, answer 500, once
        # HTTP: a POST body for which this is true is refused whole with 400, as webio refuses one
        # that breaks the protocol; each refused body goes to `bad_requests`.
        self.bad_request_if: Optional[Callable[[dict[str, Any]], bool]] = None
        self.bad_requests: list[dict[str, Any]] = []
        self._parts: list[str] = []
        self._http_wakeup: Optional[asyncio.Event] = None
        self._ready = threading.Event()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    # ------------------------------------------------------------------ test API
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def reset(self, **page_options: Any) -> None:
        self.page_options = page_options
        self.events = queue.Queue()
        self.acks = []
        self.connects = []
        self.requests = []
        self.seq = 0
        self.frames = []
        self.ws = None
        self.http_closed = False
        self.refuse_websocket = False
        self.refuse_over = None
        self.refuse_with = 1009
        self.refused = []
        self.chunks = []
        self.declared = []
        self.on_first_chunk = None
        self.chunk_sizes = []
        self.cut_at_chunk = None
        self.lose_reply_at_chunk = None
        self.bad_request_if = None
        self.bad_requests = []
        self._parts = []

    def send(self, *commands: dict[str, Any], ack: Optional[int] = None, seq: Optional[int] = None) -> int:
        """Sends one frame holding these commands; returns its seq."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        frame: dict[str, Any] = {"seq": seq, "commands": list(commands)}
        if ack is not None:
            frame["ack"] = ack
        self.frames.append(frame)
        self._deliver(frame)
        return seq

    def send_raw(self, payload: Any) -> None:
        text = json.dumps(payload)
        assert self._loop is not None
        self._loop.call_soon_threadsafe(lambda: self.ws and self.ws.write_message(text))

    def event(self, timeout: float = 5, name: Optional[str] = None) -> dict[str, Any]:
        """The next event from the browser (optionally the next one with this event name)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {name or ''} event within {timeout}s")
            try:
                ev = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if name is None or ev.get("event") == name:
                return ev

    def no_event(self, wait: float = 0.5) -> None:
        try:
            ev = self.events.get(timeout=wait)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected event {ev}")

    def wait_connected(self, count: int = 1, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.connects) < count:
            if time.monotonic() > deadline:
                raise AssertionError("the browser did not connect")
            time.sleep(0.02)

    def drop_socket(self) -> None:
        """Closes the WebSocket from the server side (a lost connection)."""
        assert self._loop is not None
        ws = self.ws
        self._loop.call_soon_threadsafe(lambda: ws and ws.close(1011))

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)

    # ------------------------------------------------------------------ internals
    def _deliver(self, frame: dict[str, Any]) -> None:
        assert self._loop is not None
        if self.page_options.get("transport") == "http":
            self._loop.call_soon_threadsafe(self._wake_http)
            return
        text = json.dumps(frame)
        self._loop.call_soon_threadsafe(lambda: self.ws and self.ws.write_message(text))

    def too_large(self, body: bytes) -> bool:
        if self.refuse_over is None or len(body) <= self.refuse_over:
            return False
        self.refused.append(len(body))
        return True

    def take_chunk(self, chunk: dict[str, Any], size: int) -> None:
        """Keeps a chunk as webio's assembler would (a repeat of the last one is ignored); the
        event goes to ``events`` once its last chunk arrived."""
        key = (chunk["seq"], chunk["index"], chunk["count"])
        self.chunks.append(key)
        self.chunk_sizes.append(size)
        if len(self.chunks) > 1 and self.chunks[-2] == key:
            return
        if chunk["index"] == 0:
            self._parts = []
            self.declared.append({key: value for key, value in chunk.items() if key != "data"})
        assert chunk["index"] == len(self._parts), f"chunk {key} out of order"
        self._parts.append(chunk["data"])
        if chunk["index"] == chunk["count"] - 1:
            self.events.put(json.loads("".join(self._parts)))
            self._parts = []

    def _wake_http(self) -> None:
        if self._http_wakeup:
            self._http_wakeup.set()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        server = self
        self._http_wakeup = asyncio.Event()

        class Endpoint(tornado_websocket.WebSocketHandler):  # type: ignore[misc]
            """The app URL: page, assets, WebSocket upgrade and HTTP transport, like the real one."""

            async def get(self, *args: Any, **kwargs: Any) -> None:
                if (self.request.headers.get("Upgrade") or "").lower() != "websocket":
                    self.serve_page_or_asset()
                elif server.refuse_websocket:
                    self.set_status(403)
                    self.finish()
                else:
                    await super().get(*args, **kwargs)

            def serve_page_or_asset(self) -> None:
                server.requests.append(self.request.uri or "")
                name = self.get_query_argument("_webio_static", None)
                if name is None:
                    opts = {"transport": "websocket", "app_name": "index", **server.page_options}
                    self.finish(render_page(**opts))
                    return
                path = (DIST / name).resolve()
                if DIST.resolve() not in path.parents or not path.is_file():
                    raise tornado_web.HTTPError(404)
                self.set_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
                self.finish(path.read_bytes())

            async def post(self) -> None:
                if server.too_large(self.request.body):
                    self.set_status(413)
                    self.finish()
                    return
                body = json.loads(self.request.body or b"{}")
                if server.bad_request_if is not None and server.bad_request_if(body):
                    server.bad_requests.append(body)
                    self.set_status(400)
                    self.finish("Bad request: event data of the wrong type")
                    return
                server.connects.append({"session": self.request.headers.get("Webio-Session-Id", "")})
                if isinstance(body.get("ack"), int):
                    server.acks.append(body["ack"])
                for ev in body.get("events", []):
                    server.events.put(ev)
                if body.get("chunk"):
                    server.take_chunk(body["chunk"], len(self.request.body))
                    if body["chunk"]["index"] == 0 and server.on_first_chunk is not None:
                        server.on_first_chunk(body["chunk"])
                    if server.lose_reply_at_chunk == body["chunk"]["index"]:
                        server.lose_reply_at_chunk = None
                        self.set_status(500)
                        self.finish()
                        return
                wait = min(float(body.get("wait") or 0), 2.0)
                ack = int(body.get("ack") or 0)
                assert server._http_wakeup is not None
                if not body.get("events") and not body.get("chunk") and wait > 0 and not any(f["seq"] > ack for f in server.frames):
                    server._http_wakeup.clear()
                    try:
                        await asyncio.wait_for(server._http_wakeup.wait(), wait)
                    except asyncio.TimeoutError:
                        pass
                frames = [f for f in server.frames if f["seq"] > ack]
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"session_id": "S1", "frames": frames, "closed": server.http_closed}))

            def open(self, *args: Any, **kwargs: Any) -> None:
                server.connects.append({k: self.get_query_argument(k, "") for k in ("app", "session", "ack")})
                server.ws = self
                ack = self.get_query_argument("ack", "")
                if ack:
                    for frame in server.frames:
                        if frame["seq"] > int(ack):
                            self.write_message(json.dumps(frame))

            def on_message(self, message: Any) -> None:
                if server.too_large(message.encode()):
                    if server.refuse_with == 1009:
                        self.close(1009, "message too big")
                    else:
                        self.ws_connection._abort()  # no close frame: the browser sees 1006
                    return
                data = json.loads(message)
                if "chunk" in data:
                    server.take_chunk(data["chunk"], len(message.encode()))
                    if server.cut_at_chunk == data["chunk"]["index"]:
                        server.cut_at_chunk = None
                        self.ws_connection._abort()  # no close frame: the browser sees 1006
                elif set(data) == {"ack"}:
                    server.acks.append(data["ack"])
                else:
                    server.events.put(data)

            def check_origin(self, origin: str) -> bool:
                return True

        app = tornado_web.Application([(r"/", Endpoint)], websocket_max_message_size=256 * 1024 * 1024)
        sockets = tornado_netutil.bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        tornado_httpserver.HTTPServer(app).add_sockets(sockets)
        self._ready.set()
        loop.run_forever()


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    with chromium_for_tests() as browser:
        yield browser


class Harness:
    """A page connected to the fake server."""

    def __init__(self, server: FakeServer, page: Any) -> None:
        self.server = server
        self.page = page
        self.console: list[str] = []
        self.last_seq = 0
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def open(self, **page_options: Any) -> Harness:
        self.server.reset(**page_options)
        self.last_seq = 0
        self.page.goto(self.server.url)
        self.server.wait_connected()
        return self

    def send(self, *commands: dict[str, Any], **kw: Any) -> int:
        self.last_seq = self.server.send(*commands, **kw)
        return self.last_seq

    def settle(self) -> None:
        """Waits until the last frame sent has arrived and all its commands are applied."""
        self.page.wait_for_function(
            "seq => window.webio && window.webio.session.lastFrameSeq >= seq && window.webio.queue.pending === 0",
            arg=self.last_seq,
        )
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def text(self, selector: str = "#webio-scope-ROOT") -> str:
        return str(self.page.inner_text(selector))

    def errors(self) -> list[str]:
        return [c for c in self.console if c.startswith(("pageerror", "error"))]


@pytest.fixture()
def make_harness(browser: Any, fake_server: FakeServer) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(locale: str = "en-US", **page_options: Any) -> Harness:
        context = browser.new_context(locale=locale, accept_downloads=True)
        contexts.append(context)
        harness = Harness(fake_server, context.new_page())
        return harness.open(**page_options)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def client(make_harness: Any) -> Harness:
    """A page with the default options, connected over WebSocket."""
    h: Harness = make_harness()
    return h
