"""The transports driven through ``SessionPort`` alone: a recording double stands in for the engine,
as a proxy for a session in another process will. What the double records is what a remote owner
would be asked to do; what it answers is all a transport may rely on."""
from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, Optional

from tests.conformance.wire import RecordingPeer
from webio.protocol import ClientMessage, Frame, encode_ack_frame, encode_frame
from webio.protocol.chunks import Chunk, ChunkAssembler
from webio.session.info import SessionInfo
from webio.session.port import SessionPort, SessionRegistry
from webio.session.registry import LocalSessionRegistry
from webio.session.state import Attachment, CloseReason, move
from webio.transport import CaseInsensitiveHeaders, EndpointSettings, HttpRequest
from webio.transport.http import SESSION_HEADER, HttpTransport
from webio.transport.websocket import WebSocketTransport


class DoubleSession:
    """A session with no app: frames are queued by the test, calls are recorded."""

    def __init__(self, session_id: str = "s-1") -> None:
        self.id = session_id
        self.info = SessionInfo(user_language="de")
        self.calls: list[tuple[Any, ...]] = []
        self.received: list[ClientMessage] = []
        self.frames: list[Frame] = []
        self.pending: list[dict[str, Any]] = []
        self.attachment = Attachment.ATTACHED
        self.is_idle = True
        self.last_event_seq = 0
        self._listeners: list[Callable[[], None]] = []
        self._hooks: list[Callable[[SessionPort], None]] = []
        self._chunks = ChunkAssembler(1 << 20)

    # what the test does as the app
    def show(self, text: str) -> None:
        self.pending.append({"command": "output", "task_id": None, "spec": {"content": text}})
        for listener in list(self._listeners):
            listener()

    # SessionPort
    @property
    def closed(self) -> bool:
        return self.attachment is Attachment.CLOSED

    @property
    def has_pending_output(self) -> bool:
        return bool(self.pending)

    @property
    def last_frame_seq(self) -> int:
        return self.frames[-1].seq if self.frames else 0

    def receive(self, message: ClientMessage) -> bool:
        self.received.append(message)
        if message.seq is not None:
            self.last_event_seq = max(self.last_event_seq, message.seq)
        return True

    def add_chunk(self, chunk: Chunk) -> Optional[ClientMessage]:
        self.calls.append(("add_chunk", chunk.index))
        return self._chunks.add(chunk)

    def take_frame(self) -> Optional[Frame]:
        if not self.pending:
            return None
        seq = self.last_frame_seq + 1
        commands, self.pending = tuple(self.pending), []
        frame = Frame(seq, encode_frame(seq, list(commands), self.last_event_seq or None))
        self.frames.append(frame)
        return frame

    def replay(self, after_seq: int) -> list[Frame]:
        return [frame for frame in self.frames if frame.seq > after_seq]

    def can_resume_from(self, after_seq: int) -> bool:
        return after_seq <= self.last_frame_seq

    def ack_frame_text(self) -> str:
        return encode_ack_frame(self.last_event_seq)

    def send(self, name: str, spec: object = None, task_id: Optional[str] = None) -> None:
        self.calls.append(("send", name, spec))

    def attach(self) -> None:
        self.calls.append(("attach",))
        self.attachment = move(self.attachment, Attachment.ATTACHED)

    def detach(self, grace_seconds: float) -> None:
        self.calls.append(("detach", grace_seconds))
        self.attachment = move(self.attachment, Attachment.DETACHED)

    def close_if_abandoned(self) -> bool:
        self.calls.append(("close_if_abandoned",))
        if self.attachment is Attachment.DETACHED:
            self.close(CloseReason.BROWSER_LEFT)
            return True
        return False

    def close(self, reason: CloseReason = CloseReason.BROWSER_LEFT) -> None:
        if self.closed:
            return
        self.calls.append(("close", reason))
        self.attachment = move(self.attachment, Attachment.CLOSED)
        for listener in list(self._listeners):
            listener()
        for hook in self._hooks:
            hook(self)

    def add_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)
        if self.pending or self.closed:
            listener()

    def remove_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def on_close(self, hook: Callable[[SessionPort], None]) -> None:
        self._hooks.append(hook)


def parts(session: DoubleSession) -> tuple[SessionRegistry, Callable[[Optional[str], SessionInfo], Optional[SessionPort]]]:
    registry = LocalSessionRegistry()

    def start(app_name: Optional[str], info: SessionInfo) -> Optional[SessionPort]:
        if app_name != "tool":
            return None
        registry.add(session)
        session.show("welcome")
        return session

    return registry, start


def request(query: dict[str, str], body: bytes = b"", session_id: str = "") -> HttpRequest:
    headers = {"Host": "tool.local", **({SESSION_HEADER: session_id} if session_id else {})}
    return HttpRequest("POST", "/", query, CaseInsensitiveHeaders(headers), body)


# --------------------------------------------------------------------------- HTTP
def test_http_transport_opens_answers_and_delivers_through_the_port() -> None:
    session = DoubleSession()
    registry, start = parts(session)
    transport = HttpTransport(EndpointSettings.parse(), registry, start, backend="test")

    opened = json.loads(transport.exchange(request({"app": "tool"})).body)
    assert opened["session_id"] == "s-1" and not opened["closed"]
    assert [f["commands"][0]["spec"]["content"] for f in opened["frames"]] == ["welcome"]

    event = {"event": "js_yield", "task_id": "t1", "data": 5, "seq": 1}
    reply = json.loads(transport.exchange(request({}, json.dumps({"ack": 1, "events": [event]}).encode(),
                                                  "s-1")).body)
    assert reply["frames"] == []  # frame 1 acknowledged: not sent again
    assert [m.ack for m in session.received] == [0, 1, None]  # opening acks nothing yet
    assert session.received[2].event is not None and session.received[2].event.data == 5

    gone = json.loads(transport.exchange(request({}, b"{}", "no-such-session")).body)
    assert gone["closed"] is True
    assert transport.exchange(request({"app": "other"})).status == 404


def test_http_transport_gives_chunks_to_the_session_that_owns_them() -> None:
    session = DoubleSession()
    registry, start = parts(session)
    transport = HttpTransport(EndpointSettings.parse(), registry, start, backend="test")
    transport.exchange(request({"app": "tool"}))
    text = json.dumps({"event": "js_yield", "task_id": "t1", "data": "x" * 50, "seq": 1})
    halves = [text[:40], text[40:]]
    for index, data in enumerate(halves):
        chunk = {"seq": 1, "index": index, "count": 2, "data": data}
        assert transport.exchange(request({}, json.dumps({"ack": 1, "chunk": chunk}).encode(), "s-1")).status == 200
    assert session.calls == [("add_chunk", 0), ("add_chunk", 1)]
    assert session.received[-1].event is not None and session.received[-1].event.data == "x" * 50


# --------------------------------------------------------------------------- WebSocket
def contents(peer: RecordingPeer) -> list[str]:
    return [c["spec"]["content"] for text in peer.sent for c in json.loads(text).get("commands", [])]


def test_websocket_transport_detaches_resumes_and_expires_through_the_port() -> None:
    async def run() -> None:
        session = DoubleSession()
        registry, start = parts(session)
        transport = WebSocketTransport(EndpointSettings.parse(reconnect_timeout=0.05), registry, start, "test")
        first = RecordingPeer()
        bridge = transport.open(HttpRequest("GET", "/", {"app": "tool"}, CaseInsensitiveHeaders({})), first)
        assert bridge is not None
        await asyncio.sleep(0.01)
        assert contents(first) == ["welcome"]

        transport.disconnected(bridge)
        assert session.calls[-1] == ("detach", 0.05) and session.attachment is Attachment.DETACHED
        session.show("while away")
        second = RecordingPeer()
        resumed = transport.open(HttpRequest("GET", "/", {"session": "s-1", "ack": "1"}, CaseInsensitiveHeaders({})),
                                 second)
        assert resumed is not None and ("attach",) in session.calls
        await asyncio.sleep(0.01)
        assert contents(second) == ["while away"]  # frame 1 was acknowledged; frame 2 is new

        transport.disconnected(resumed)
        await asyncio.sleep(0.15)  # past the deadline
        assert ("close_if_abandoned",) in session.calls and session.closed
        assert registry.get("s-1") is None

    asyncio.run(run())


def test_websocket_transport_refuses_too_large_and_reads_binary_through_the_port() -> None:
    async def run() -> None:
        session = DoubleSession()
        registry, start = parts(session)
        transport = WebSocketTransport(EndpointSettings.parse(max_payload_size=100), registry, start, "test")
        bridge = transport.open(HttpRequest("GET", "/", {"app": "tool"}, CaseInsensitiveHeaders({})), RecordingPeer())
        assert bridge is not None
        bridge.receive_text(json.dumps({"event": "js_yield", "task_id": "t", "data": "x" * 200, "seq": 1}))
        (name, spec), = [call[1:] for call in session.calls if call[0] == "send"]
        assert name == "toast" and "Obergrenze 100 bytes" in spec["content"]  # type: ignore[index]
        bridge.receive_bytes(json.dumps({"event": "js_yield", "task_id": "t", "data": 1, "seq": 2}).encode())
        bridge.receive_bytes(b"\xff\xfe")
        assert [m.seq for m in session.received] == [2]
        transport.close()
        transport.disconnected(bridge)
        assert session.closed

    asyncio.run(run())
