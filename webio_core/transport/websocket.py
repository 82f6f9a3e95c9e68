"""The WebSocket transport: one accepted socket joined to one session, on an asyncio loop.

Outbound: the session wakes the bridge (from any thread) when it has a frame; the bridge hops
onto its loop once per wake-up and sends every sealed frame, one text frame per app step.
Inbound: each text message is decoded and checked; a bad one is logged and dropped. One larger
than ``max_payload_size`` is dropped too, and the tab gets a toast saying so: the socket stays open,
since a tab that lost it would resume and send the same message again. Each plugin gives its
server a limit of ``server_message_limit()`` (``WS_SIZE_SLACK`` more) so such messages reach webio.
An event over 256 KiB comes in chunks (protocol/chunks.py); the bridge's assembler joins them and
refuses them the same way as soon as they pass ``max_payload_size``. A partial event belongs to its
socket: a tab that resumes on a new socket sends it again from its first chunk.
Acknowledgements: frames carry the last event seq; if the app sends nothing for a while after an
event, a pure ack frame goes out so the browser can forget its copy.
Disconnect: with ``reconnect_timeout`` the session waits that long for the tab to come back
(``?session=ID&ack=N``) and then closes; without it, it closes at once.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any, Optional

from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol import AssemblyTooLarge, Chunk, ChunkAssembler, decode_message_or_chunk
from ..protocol.frames import command
from ..protocol.sizes import format_size, utf8_size
from ..rejections import log_rejected
from ..session.base import Session
from ..session.state import CloseReason
from .base import HttpRequest, WebSocketPeer

if TYPE_CHECKING:
    from .endpoint import WebioEndpoint

logger = logging.getLogger("webio.transport")

ACK_DELAY = 0.5
# Sent to a tab that asks to resume a session that no longer exists (no seq: always applied).
GONE_FRAME = json.dumps({"commands": [command("close_session")]})
# A WebSocket server's own message limit sits this much above max_payload_size (see the top).
WS_SIZE_SLACK = 1024 * 1024
TOO_LARGE_TOAST_SECONDS = 6
# The toast for a refused message, in the languages the browser client ships ({limit}: "1 KiB").
TOO_LARGE_TEXT = {
    "en": "That was too large to send (limit {limit}); nothing was submitted.",
    "zh": "内容太大，无法发送（上限 {limit}）；没有提交任何内容。",
    "ru": "Слишком большой объём для отправки (предел {limit}); ничего не отправлено.",
    "de": "Das war zu groß zum Senden (Obergrenze {limit}); es wurde nichts übermittelt.",
    "fa": "این برای ارسال بیش از حد بزرگ بود (حد مجاز {limit})؛ چیزی ارسال نشد.",
}


def server_message_limit(max_payload_size: int) -> int:
    """The message size limit to give the WebSocket server, so that webio sees oversized ones first."""
    return max_payload_size + WS_SIZE_SLACK


def size_over(text: str, limit: int) -> Optional[int]:
    """The UTF-8 size of ``text`` if it is over ``limit`` bytes, else None (counted only if it may be)."""
    if 4 * len(text) <= limit:  # even four bytes per character would fit
        return None
    size = utf8_size(text)
    return size if size > limit else None


def too_large_toast(limit: int, language: str) -> dict[str, object]:
    """The ``toast`` spec telling the user a message was over ``limit`` (text only, in ``language``)."""
    text = TOO_LARGE_TEXT.get(language.split("-")[0].lower(), TOO_LARGE_TEXT["en"])
    return {"content": text.format(limit=format_size(limit)), "duration": TOO_LARGE_TOAST_SECONDS,
            "position": "center", "color": "error", "callback_id": None}


class WebSocketBridge:
    """Moves frames between one session and one WebSocket peer."""

    def __init__(self, endpoint: WebioEndpoint, session: Session, peer: WebSocketPeer,
                 loop: asyncio.AbstractEventLoop) -> None:
        self.endpoint = endpoint
        self.session = session
        self.peer = peer
        self.loop = loop
        self._scheduled = False
        self._flushing = False
        self._acked_sent = 0
        self._ack_timer: Optional[asyncio.TimerHandle] = None
        self._detached = False
        self._closing = False
        self._chunks = ChunkAssembler(endpoint.settings.max_payload_size)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, endpoint: WebioEndpoint, request: HttpRequest, peer: WebSocketPeer,
             loop: Optional[asyncio.AbstractEventLoop] = None) -> Optional[WebSocketBridge]:
        """A bridge for a new session or a resumed one; None if the session to resume is gone."""
        loop = loop or asyncio.get_running_loop()
        session_id = request.query.get("session")
        if session_id:
            return cls._resume(endpoint, session_id, request, peer, loop)
        session = endpoint.create_session(request.query.get("app"), endpoint.session_info(request))
        if session is None:
            return None
        bridge = cls(endpoint, session, peer, loop)
        endpoint.ws_bridges[session.id] = bridge
        session.add_listener(bridge.wake)
        return bridge

    @classmethod
    def _resume(cls, endpoint: WebioEndpoint, session_id: str, request: HttpRequest, peer: WebSocketPeer,
                loop: asyncio.AbstractEventLoop) -> Optional[WebSocketBridge]:
        session = endpoint.registry.get(session_id)
        try:
            after = int(request.query.get("ack") or 0)
        except ValueError:
            after = -1
        if session is None or session.closed or after < 0 or not session.can_resume_from(after):
            logger.info("a browser asked to resume session %s…, which is gone", session_id[:8])
            return None
        bridges = endpoint.ws_bridges
        old = bridges.get(session.id)
        if old is not None:
            old.detach()
        timer = endpoint.ws_timers.pop(session.id, None)
        if timer is not None:
            timer.cancel()
        bridge = cls(endpoint, session, peer, loop)
        bridges[session.id] = bridge
        bridge._replay(after)
        session.add_listener(bridge.wake)
        logger.info("session %s… resumed after frame %d", session.id[:8], after)
        return bridge

    def _replay(self, after: int) -> None:
        frames = self.session.replay(after)
        texts = [frame.text for frame in frames]
        if self.session.last_event_seq:
            texts.append(self.session.ack_frame_text())
            self._acked_sent = self.session.last_event_seq
        if texts:
            self.loop.create_task(self._send_all(texts))

    async def _send_all(self, texts: list[str]) -> None:
        for text in texts:
            await self.peer.send_text(text)

    # ----------------------------------------------------------------- outbound
    def wake(self) -> None:
        """Called by the session from any thread: schedule a flush on the loop, once."""
        if self._scheduled or self._detached:
            return
        self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._start_flush)
        except RuntimeError:  # loop closed: the server is shutting down
            self._scheduled = False

    def _start_flush(self) -> None:
        self._scheduled = False
        if not self._flushing and not self._detached:
            self._flushing = True
            self.loop.create_task(self._flush())

    async def _flush(self) -> None:
        try:
            while not self._detached:
                frame = self.session.take_frame()
                if frame is None:
                    break
                self._acked_sent = max(self._acked_sent, self.session.last_event_seq)
                await self.peer.send_text(frame.text)
            if self.session.closed and not self._closing and not self._detached:
                self._closing = True
                await self.peer.close(1000)
        except Exception as exc:  # the socket went away while sending
            logger.debug("session %s…: send failed: %s", self.session.id[:8], exc)
        finally:
            self._flushing = False

    def _schedule_ack(self) -> None:
        if self._ack_timer is None and not self._detached:
            self._ack_timer = self.loop.call_later(ACK_DELAY, self._send_ack)

    def _send_ack(self) -> None:
        self._ack_timer = None
        if self._detached or self._acked_sent >= self.session.last_event_seq:
            return
        self._acked_sent = self.session.last_event_seq
        self.loop.create_task(self._send_all([self.session.ack_frame_text()]))

    # ----------------------------------------------------------------- inbound
    def receive_text(self, text: str) -> None:
        """One message from the browser. Bad messages are logged and dropped."""
        limit = self.endpoint.settings.max_payload_size
        size = size_over(text, limit)
        if size is not None:
            self.refuse_too_large(size)
            return
        try:
            received = decode_message_or_chunk(text, limit)
            message = self._chunks.add(received) if isinstance(received, Chunk) else received
            if message is None:  # a chunk of an event still arriving
                return
            self.session.receive(message)
        except AssemblyTooLarge as exc:
            self.refuse_too_large(exc.size)
            return
        except RemoteProtocolError as exc:
            log_rejected(logger, "message", "session %s…: rejected a message from the browser: %s",
                         self.session.id[:8], exc)
            return
        if message.seq is not None:
            self._schedule_ack()

    def refuse_too_large(self, size: int) -> None:
        """A browser message of ``size`` bytes (for one in chunks: what had arrived), over
        max_payload_size: log it and tell the user in a toast. The socket and the session go on;
        the app never sees the message."""
        limit = self.endpoint.settings.max_payload_size
        logger.warning("session %s…: dropped a browser message of %d bytes, larger than max_payload_size "
                       "(%d bytes); the user was told in a toast", self.session.id[:8], size, limit)
        try:
            self.session.send("toast", too_large_toast(limit, self.session.info.user_language))
        except SessionClosedException:
            pass

    # ----------------------------------------------------------------- closing
    def detach(self) -> None:
        """Stop serving this socket without touching the session (a newer socket took over)."""
        self._detached = True
        self._chunks.drop()
        self.session.remove_listener(self.wake)
        if self._ack_timer is not None:
            self._ack_timer.cancel()
            self._ack_timer = None

    def disconnected(self) -> None:
        """The socket closed: close the session, or wait ``reconnect_timeout`` for the tab to return."""
        was_detached = self._detached
        self.detach()
        bridges = self.endpoint.ws_bridges
        if bridges.get(self.session.id) is self:
            del bridges[self.session.id]
        if was_detached or self.session.closed:
            return
        timeout = self.endpoint.settings.reconnect_timeout
        if timeout > 0:
            timers = self.endpoint.ws_timers
            timers[self.session.id] = self.loop.call_later(timeout, self._expire_detached)
        else:
            self.session.close(CloseReason.BROWSER_LEFT)

    def _expire_detached(self) -> None:
        self.endpoint.ws_timers.pop(self.session.id, None)
        if self.session.id not in self.endpoint.ws_bridges:
            self.session.close(CloseReason.BROWSER_LEFT)



async def send_gone(peer: WebSocketPeer) -> None:
    """Tell a tab that its session no longer exists, then close the socket."""
    try:
        await peer.send_text(GONE_FRAME)
        await peer.close(1000)
    except Exception:
        pass


async def serve_websocket(endpoint: WebioEndpoint, request: HttpRequest, peer: WebSocketPeer,
                          messages: Any) -> None:
    """Run one accepted socket to its end; ``messages`` is an async iterator of text messages."""
    bridge = WebSocketBridge.open(endpoint, request, peer)
    if bridge is None:
        await send_gone(peer)
        return
    try:
        async for text in messages:
            bridge.receive_text(text)
    finally:
        bridge.disconnected()
