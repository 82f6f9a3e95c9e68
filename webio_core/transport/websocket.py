"""The WebSocket transport: one accepted socket joined to one session, on an asyncio loop.

``WebSocketTransport`` owns this transport's state: the bridge (connection) serving each session
and the timers of sessions waiting for their tab to come back. ``WebSocketBridge`` is one
connection; its lifecycle is ``ConnectionState`` (session/state.py).

Outbound: the session wakes the bridge (from any thread) when it has a frame; the bridge hops
onto its loop once per wake-up (through the loop's ``LoopWaker``: one self-pipe write for all the
wake-ups posted before the loop drains them; when already on the loop, as a coroutine session is,
none) and sends every sealed frame, one text frame per app step. A peer with ``write_now``
(Tornado) is written from that callback; others, and a socket slow to take a frame, in a task.
Inbound: each message is decoded and checked; a bad one is logged and dropped. One larger
than ``max_payload_size`` is dropped too, and the tab gets a toast saying so: the socket stays open,
since a tab that lost it would resume and send the same message again. Each plugin gives its
server a limit of ``server_message_limit()`` (``WS_SIZE_SLACK`` more) so such messages reach webio.
A binary message is read as UTF-8 text (transport/policy.py).
An event over 256 KiB comes in chunks (protocol/chunks.py); the session's assembler joins them and
they are refused the same way as soon as they pass ``max_payload_size``. A tab that resumes on a new
socket sends a partial event again from its first chunk (``attach`` drops the partial one). A chunk
for another worker's session goes to its owner from a thread (a bus round trip that a slow owner
or bus can stretch to seconds), so the loop serves other tabs meanwhile; the socket's later messages
wait behind it, in order (``receive_text`` returns the task to await). If the owner does not answer,
the socket is closed with 1013 and the tab resumes and sends the event again.
Acknowledgements: frames carry the last event seq; if the app sends nothing for a while after an
event, a pure ack frame goes out so the browser can forget its copy.
A worker that is stopping (draining) closes a socket asking for a new session with 1013 (try
again later) and no frame: the tab, which has no session yet, opens another, and a load balancer
sends that one to a live worker.
Disconnect: with ``reconnect_timeout`` the session is DETACHED until that deadline, waiting for the
tab to come back (``?session=ID&ack=N``), and then closes; without it, it closes at once.
"""
from __future__ import annotations

import asyncio
import collections
import json
import logging
import weakref
from typing import Any, AsyncIterable, Awaitable, Callable, Optional

from ..bus.base import BusError
from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol import AssemblyTooLarge, Chunk, decode_message_or_chunk
from ..protocol.events import ClientMessage
from ..protocol.frames import Frame, command
from ..rejections import log_rejected
from ..session.base import Session
from ..session.ids import short_id
from ..session.info import first_language
from ..session.port import SessionPort, SessionRegistry, StartSession
from ..session.state import Attachment, CloseReason, ConnectionState, IllegalTransition, move
from .base import HttpRequest, WebSocketPeer
from .parts import TransportParts
from .limits import (BUSY_TEXT, NOTICE_SECONDS, TOO_FAST_TEXT, TOO_MANY_CONNECTIONS_TEXT, ConnectionCounter,
                     EventRateLimiter, SessionLimit, localized, refusal_frame)
from .lookup import Lookup, lookup_off_loop
from .policy import size_over, text_of_binary, too_large_toast
from .settings import EndpointSettings
from .starter import session_info

logger = logging.getLogger("webio.transport")

ACK_DELAY = 0.5
RECHECK_DELAY = 0.05
BUS_RETRY_DELAY = 1.0  # after the bus failed to ask an owner whether its tab came back
# Sent to a tab that asks to resume a session that no longer exists (no seq: always applied).
GONE_FRAME = json.dumps({"commands": [command("close_session")]})
# What ``send_gone`` sends a peer that ``open`` refused (server busy, too many connections).
_REFUSALS: weakref.WeakKeyDictionary[WebSocketPeer, str] = weakref.WeakKeyDictionary()
# Peers whose session ``open`` could not reach for now (the bus is down): closed with 1013, no frame.
_TRY_LATER: weakref.WeakSet[WebSocketPeer] = weakref.WeakSet()
TRY_AGAIN_LATER = 1013


def _running_loop() -> Optional[asyncio.AbstractEventLoop]:
    """The event loop running in this thread, if any."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class LoopWaker:
    """Calls posted onto one loop from other threads, with one self-pipe write per batch.

    While a drain is scheduled, ``post`` only queues: the write (a syscall releasing the GIL) would
    make the posting app thread wait behind the busy loop thread to get the GIL back, once per click.
    """

    __slots__ = ("_loop", "_calls", "_signalled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = weakref.ref(loop)  # the loop's entry in _WAKERS must not keep it alive
        self._calls: collections.deque[Callable[[], None]] = collections.deque()
        self._signalled = False

    def post(self, call: Callable[[], None]) -> None:
        """Run ``call`` on the loop soon (any thread); RuntimeError once the loop is closed."""
        self._calls.append(call)
        if not self._signalled:
            self._signalled = True
            loop = self._loop()
            try:
                if loop is None:
                    raise RuntimeError("the event loop is gone")
                loop.call_soon_threadsafe(self._drain)
            except RuntimeError:
                self._signalled = False
                self._calls.clear()
                raise

    def _drain(self) -> None:
        # Cleared first: a call posted after the last pop below sees it and schedules a new drain.
        self._signalled = False
        calls = self._calls
        while calls:
            try:
                calls.popleft()()
            except Exception:
                logger.exception("a WebSocket flush failed")


_WAKERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopWaker] = weakref.WeakKeyDictionary()


def waker_of(loop: asyncio.AbstractEventLoop) -> LoopWaker:
    """The ``LoopWaker`` shared by the bridges of ``loop``."""
    waker = _WAKERS.get(loop)
    if waker is None:
        waker = LoopWaker(loop)
        try:
            _WAKERS[loop] = waker
        except TypeError:  # a loop without weak references: a waker per bridge
            pass
    return waker


class WebSocketBridge:
    """One connection: moves frames between one session and one WebSocket peer."""

    def __init__(self, session: SessionPort, peer: WebSocketPeer, loop: asyncio.AbstractEventLoop,
                 max_payload_size: int, max_events_per_second: float = 0,
                 release: Optional[Callable[[], None]] = None) -> None:
        self.session = session
        self.peer = peer
        self.loop = loop
        self.max_payload_size = max_payload_size
        self.rate = EventRateLimiter(max_events_per_second)
        self.release = release  # gives back this connection's place under max_connections_per_ip
        self.state = ConnectionState.OPEN
        self._scheduled = False  # a flush is scheduled on the loop
        self._flushing = False   # a flush task runs
        self._acked_sent = 0
        # The seq of the newest frame sent on this socket: a flush sends every retained frame after
        # it (with a bus, the owner's publisher may have sealed frames this bridge did not take).
        self._last_sent = 0
        self._ack_timer: Optional[asyncio.TimerHandle] = None
        # A session of this process says whether a wake-up has anything to send (it is woken when its
        # app goes idle too, which matters to the HTTP transport only); a remote one always flushes.
        self._has_news: Optional[Callable[[int], bool]] = session.has_output_after if isinstance(session, Session) \
            else None
        # A peer that writes a text at once (``write_now``: Tornado) is flushed by a plain callback on
        # the loop: no task per flush and none per frame; a write the socket cannot take whole
        # (``write_now`` returns what to await) hands the rest to the ``_flush`` task.
        self._write_now: Optional[Callable[[str], Optional[Awaitable[None]]]] = getattr(peer, "write_now", None)
        self._waker = waker_of(loop)
        # Another worker's session joins a chunk through its owner (a bus round trip, seconds if the
        # owner or the bus is slow): in a thread, with the messages after it waiting their turn.
        self._chunks_wait = not isinstance(session, Session)
        self._behind: Optional[collections.deque[str]] = None
        self._joining: Optional[asyncio.Task[None]] = None

    @property
    def serving(self) -> bool:
        """Whether this connection still serves its session (OPEN or CLOSING)."""
        return self.state in (ConnectionState.OPEN, ConnectionState.CLOSING)

    def _move(self, target: ConnectionState) -> None:
        self.state = move(self.state, target)

    def start(self, after: Optional[int] = None) -> None:
        """Begin serving: replay the frames after ``after`` (a resume), then follow the session."""
        if after is not None:
            self._replay(after)
        self.session.add_listener(self.wake)

    def _replay(self, after: int) -> None:
        frames = self.session.replay(after)
        texts = [frame.text for frame in frames]
        self._last_sent = frames[-1].seq if frames else after
        if self.session.last_event_seq:
            texts.append(self.session.ack_frame_text())
            self._acked_sent = self.session.last_event_seq
        if texts:
            self.loop.create_task(self._send_all(texts))

    async def _send_all(self, texts: list[str]) -> None:
        try:
            for text in texts:
                await self.peer.send_text(text)
        except Exception as exc:  # the socket went away while sending (the tab resumes from its ack)
            logger.debug("session %s: send failed: %s", short_id(self.session.id), exc)

    # ----------------------------------------------------------------- outbound
    def wake(self) -> None:
        """Called by the session from any thread: schedule a flush on the loop, once."""
        if self._scheduled or not self.serving:
            return
        if self._has_news is not None and not self._has_news(self._last_sent):
            return  # nothing to send: no hop onto the loop (one per click saved in thread sessions)
        if _running_loop() is self.loop:
            # A coroutine session's own step: the flush runs once the step yields (the frame
            # holds the whole step), with no self-pipe write and no extra loop iteration.
            if not self._flushing:
                if self._write_now is not None:
                    self._scheduled = True
                    self.loop.call_soon(self._start_flush)
                else:
                    self._flushing = True
                    self.loop.create_task(self._flush())
            return
        self._scheduled = True
        try:
            self._waker.post(self._start_flush)
        except RuntimeError:  # loop closed: the server is shutting down
            self._scheduled = False

    def _start_flush(self) -> None:
        self._scheduled = False
        if not self._flushing and self.serving:
            if self._write_now is not None:
                self._flush_now(self._write_now)
                return
            self._flushing = True
            self.loop.create_task(self._flush())

    def _unsent_frames(self) -> list[Frame]:
        """Seal what the session queued; the frames this socket has not sent yet (they carry the
        ack of every event seen so far)."""
        self.session.take_frame()
        frames = [frame for frame in self.session.replay(self._last_sent) if frame.seq > self._last_sent]
        if frames:
            self._acked_sent = max(self._acked_sent, self.session.last_event_seq)
        return frames

    def _flush_now(self, write: Callable[[str], Optional[Awaitable[None]]]) -> None:
        """``_flush`` in this loop callback, for a peer that writes at once; a write the socket
        did not take whole, or the socket to close, continues in the ``_flush`` task."""
        try:
            while self.serving:
                frames = self._unsent_frames()
                if not frames:
                    break
                for frame in frames:
                    self._last_sent = frame.seq
                    pending = write(frame.text)
                    if pending is not None:  # the rest waits until the socket took this frame
                        self._flushing = True
                        self.loop.create_task(self._flush(pending))
                        return
                if self._has_news is not None and not self._has_news(self._last_sent):
                    break  # nothing queued meanwhile: no second seal to find that out
        except Exception as exc:  # the socket went away while sending
            logger.debug("session %s: send failed: %s", short_id(self.session.id), exc)
            return
        if self.session.closed and self.state is ConnectionState.OPEN:
            self._flushing = True
            self.loop.create_task(self._flush())

    async def _flush(self, pending: Optional[Awaitable[None]] = None) -> None:
        try:
            if pending is not None:
                await pending
            while self.serving:
                frames = self._unsent_frames()
                if not frames:
                    break
                for frame in frames:
                    self._last_sent = frame.seq
                    await self.peer.send_text(frame.text)
            if self.session.closed and self.state is ConnectionState.OPEN:
                self._move(ConnectionState.CLOSING)
                await self.peer.close(1000)
        except Exception as exc:  # the socket went away while sending
            logger.debug("session %s: send failed: %s", short_id(self.session.id), exc)
        finally:
            self._flushing = False

    def _schedule_ack(self) -> None:
        if self._ack_timer is None and self.serving:
            self._ack_timer = self.loop.call_later(ACK_DELAY, self._send_ack)

    def _send_ack(self) -> None:
        self._ack_timer = None
        if not self.serving or self._acked_sent >= self.session.last_event_seq:
            return
        self._acked_sent = self.session.last_event_seq
        self.loop.create_task(self._send_all([self.session.ack_frame_text()]))

    # ----------------------------------------------------------------- inbound
    def receive_text(self, text: str) -> Optional[asyncio.Task[None]]:
        """One text message from the browser. Bad messages are logged and dropped.

        None once handled; a task while a chunk travels to another worker's session in a thread
        (``_join_off_loop``): later messages wait behind it in order, and a caller that awaits the
        task reads no more of the socket meanwhile."""
        if self._behind is not None:
            self._behind.append(text)
            return self._joining
        chunk = self._take(text)
        if chunk is None:
            return None
        self._behind = collections.deque()
        self._joining = self.loop.create_task(self._join_off_loop(chunk))
        return self._joining

    def _take(self, text: str) -> Optional[Chunk]:
        """Handle one message, unless it is a chunk the session may take seconds to join (another
        worker's session: a bus round trip to its owner): that chunk is returned instead."""
        if not self.serving:
            return None
        limit = self.max_payload_size
        size = size_over(text, limit)
        if size is not None:
            self.refuse_too_large(size)
            return None
        try:
            received = decode_message_or_chunk(text, limit)
            if isinstance(received, Chunk):
                if self._chunks_wait:
                    return received
                message = self.session.add_chunk(received)
            else:
                message = received
        except AssemblyTooLarge as exc:
            self.refuse_too_large(exc.size, exc.limit)
            return None
        except RemoteProtocolError as exc:
            self._rejected(exc)
            return None
        if message is not None:  # (None: a chunk of an event still arriving)
            self._deliver(message)
        return None

    def _deliver(self, message: ClientMessage) -> None:
        """Give a whole message to the session (an event past max_events_per_second: only its ack)."""
        if message.event is not None and not self.rate.allow():
            message = ClientMessage(None, message.seq, message.ack)  # acknowledged, never delivered
            self._note_too_fast()
        try:
            self.session.receive(message)
        except RemoteProtocolError as exc:
            self._rejected(exc)
            return
        if message.seq is not None:
            self._schedule_ack()

    def _rejected(self, exc: RemoteProtocolError) -> None:
        log_rejected(logger, "message", "session %s: rejected a message from the browser: %s",
                     short_id(self.session.id), exc)

    async def _join_off_loop(self, chunk: Chunk) -> None:
        """Join ``chunk`` in a thread, then handle the messages that came meanwhile, in order
        (another chunk among them goes the same way)."""
        behind = self._behind
        assert behind is not None
        try:
            while True:
                try:
                    message = await self.loop.run_in_executor(None, self.session.add_chunk, chunk)
                except AssemblyTooLarge as exc:
                    self.refuse_too_large(exc.size, exc.limit)
                except RemoteProtocolError as exc:
                    self._rejected(exc)
                except BusError as exc:  # the owner did not answer: the tab resends the event on a new socket
                    logger.warning("session %s: a chunk of a large event could not reach its owner: %s; the "
                                   "tab is asked to reconnect and send the event again", short_id(self.session.id), exc)
                    behind.clear()
                    await self._try_again_later()
                    return
                else:
                    if message is not None:
                        self._deliver(message)
                next_chunk = None
                while behind and next_chunk is None:
                    next_chunk = self._take(behind.popleft())
                if next_chunk is None:
                    return
                chunk = next_chunk
        except Exception:
            logger.exception("session %s: a browser message could not be handled", short_id(self.session.id))
        finally:
            self._behind = None
            self._joining = None

    async def _try_again_later(self) -> None:
        """Close the socket with 1013 (try again later): the tab resumes and sends again what it
        has not seen acknowledged."""
        if self.state is ConnectionState.OPEN:
            self._move(ConnectionState.CLOSING)
            try:
                await self.peer.close(TRY_AGAIN_LATER)
            except Exception as exc:
                logger.debug("session %s: close failed: %s", short_id(self.session.id), exc)

    def _note_too_fast(self) -> None:
        """Past max_events_per_second: one log line and one toast a second at most."""
        dropped = self.rate.notice_due()
        if not dropped:
            return
        logger.warning("session %s: dropped %d events over max_events_per_second (%g); the session goes on",
                       short_id(self.session.id), dropped, self.rate.rate)
        spec = {"content": localized(TOO_FAST_TEXT, self.session.info.user_language), "duration": NOTICE_SECONDS,
                "position": "center", "color": "warn", "callback_id": None}
        try:
            self.session.send("toast", spec)
        except SessionClosedException:
            pass

    def receive_bytes(self, data: bytes) -> Optional[asyncio.Task[None]]:
        """One binary message: read as UTF-8 text (the same on every plugin; see policy.py)."""
        if len(data) > self.max_payload_size:
            self.refuse_too_large(len(data))
            return None
        text = text_of_binary(data)
        return None if text is None else self.receive_text(text)

    def refuse_too_large(self, size: int, limit: Optional[int] = None) -> None:
        """A browser message of ``size`` bytes (for one in chunks: what had arrived), over
        max_payload_size (or ``limit``, the lower one of an upload form): log it and tell the user in
        a toast. The socket and the session go on; the app never sees the message."""
        limit = self.max_payload_size if limit is None else limit
        which = "max_payload_size" if limit == self.max_payload_size else "what the form's upload limits allow"
        logger.warning("session %s: dropped a browser message of %d bytes, larger than %s "
                       "(%d bytes); the user was told in a toast", short_id(self.session.id), size, which, limit)
        try:
            self.session.send("toast", too_large_toast(limit, self.session.info.user_language))
        except SessionClosedException:
            pass

    # ----------------------------------------------------------------- ending
    def stop(self, target: ConnectionState) -> None:
        """Stop serving the session (REPLACED by a newer socket, or CLOSED); the session is untouched."""
        if self.state is ConnectionState.CLOSED or self.state is target:
            return
        self._move(target)
        self.session.remove_listener(self.wake)
        if self.release is not None:
            self.release()
            self.release = None
        if self._ack_timer is not None:
            self._ack_timer.cancel()
            self._ack_timer = None


class WebSocketTransport(TransportParts):
    """The WebSocket transport of one endpoint: ``open`` a socket, ``disconnected`` when it ends.

    Example (iterator style, as Starlette/aiohttp use it)::

        await transport.serve(request, peer, incoming_texts(ws))
    """

    def __init__(self, settings: EndpointSettings, registry: SessionRegistry, start_session: StartSession,
                 backend: str, connections: Optional[ConnectionCounter] = None,
                 sessions: Optional[SessionLimit] = None) -> None:
        super().__init__(settings, registry, start_session, backend, connections, sessions)
        self.bridges: dict[str, WebSocketBridge] = {}       # session id -> the connection serving it
        self.timers: dict[str, asyncio.TimerHandle] = {}    # session id -> its resume deadline's timer
        self.last_words: dict[str, list[dict[str, Any]]] = {}  # closed session id -> what its tab missed

    def open(self, request: HttpRequest, peer: WebSocketPeer,
             loop: Optional[asyncio.AbstractEventLoop] = None,
             lookup: Optional[Lookup] = None) -> Optional[WebSocketBridge]:
        """Join an accepted socket to a new or resumed session; None if the session to resume is gone
        (or out of reach for now: ``send_gone`` then closes with 1013, and the tab tries again).
        ``lookup`` finds the session to resume (default ``registry.get``; see ``open_async``)."""
        loop = loop or asyncio.get_running_loop()
        language = first_language(request.headers.get("Accept-Language") or "")
        release = self.connections.claim(request.remote_ip)
        if release is None:
            _REFUSALS[peer] = refusal_frame(localized(TOO_MANY_CONNECTIONS_TEXT, language))
            return None
        session_id = request.query.get("session")
        if session_id:
            bridge = self._resume(session_id, request.query.get("ack"), peer, loop, release, lookup)
        else:
            bridge = self._start(request, peer, loop, release, language)
        if bridge is None:
            release()
        return bridge

    async def open_async(self, request: HttpRequest, peer: WebSocketPeer) -> Optional[WebSocketBridge]:
        """``open`` for a coroutine: a session of another worker met for the first time is looked up
        in a thread (that may wait on the bus for seconds), so the loop serves other tabs meanwhile."""
        lookup = await lookup_off_loop(self.registry, request.query.get("session"))
        return self.open(request, peer, asyncio.get_running_loop(), lookup)

    def _start(self, request: HttpRequest, peer: WebSocketPeer, loop: asyncio.AbstractEventLoop,
               release: Callable[[], None], language: str) -> Optional[WebSocketBridge]:
        if self.sessions.full():
            if self.sessions.draining:  # closed with 1013 and no frame: the tab opens a socket again,
                _TRY_LATER.add(peer)    # which a load balancer sends to a live worker
            else:
                _REFUSALS[peer] = refusal_frame(localized(BUSY_TEXT, language))
            return None
        session = self.start_session(request.query.get("app"), session_info(request, self.backend, "websocket"))
        if session is None:
            return None
        bridge = self.bridges[session.id] = self._bridge(session, peer, loop, release)
        bridge.start()
        return bridge

    def _bridge(self, session: SessionPort, peer: WebSocketPeer, loop: asyncio.AbstractEventLoop,
                release: Callable[[], None]) -> WebSocketBridge:
        # While its socket is open the tab is present: the expiry sweep (run when this URL also
        # answers HTTP-transport requests) must not close the session.
        presence = self.registry.serving(session.id)
        presence.__enter__()

        def done() -> None:
            release()
            presence.__exit__(None, None, None)

        return WebSocketBridge(session, peer, loop, self.settings.max_payload_size,
                               self.settings.max_events_per_second, done)

    def _resume(self, session_id: str, ack: Optional[str], peer: WebSocketPeer, loop: asyncio.AbstractEventLoop,
                release: Callable[[], None],
                lookup: Optional[Lookup] = None) -> Optional[WebSocketBridge]:
        session = (lookup or self.registry.get)(session_id)
        try:
            after = int(ack or 0)
        except ValueError:
            after = -1
        if session is None and self._out_of_reach_for_now(session_id):
            _TRY_LATER.add(peer)
            logger.info("session %s cannot be reached now: its tab is asked to try again", short_id(session_id))
            return None
        if session is None or session.closed or after < 0 or not session.can_resume_from(after):
            logger.info("a browser asked to resume session %s, which is gone", short_id(session_id))
            if session is not None and session.closed and after >= 0:
                self._keep_last_words(session_id, session, after)
            return None
        try:
            session.attach()
        except IllegalTransition:  # closed meanwhile
            return None
        old = self.bridges.get(session.id)
        if old is not None:
            old.stop(ConnectionState.REPLACED)
            session.detach(self.settings.reconnect_timeout)  # the old connection's count: still attached
        timer = self.timers.pop(session.id, None)
        if timer is not None:
            timer.cancel()
        bridge = self.bridges[session.id] = self._bridge(session, peer, loop, release)
        bridge.start(after)
        logger.info("session %s resumed after frame %d", short_id(session.id), after)
        return bridge

    def _out_of_reach_for_now(self, session_id: str) -> bool:
        refusal = self.registry.peek_refusal(session_id)
        if refusal is None or not refusal.temporary:
            return False
        self.registry.refusal(session_id)  # answered here (close 1013): nothing left for ``gone_frame``
        return True

    def _keep_last_words(self, session_id: str, session: SessionPort, after: int) -> None:
        """Keep what a closed session's tab has not seen (why it closed) for ``gone_frame``."""
        # A proxy that never heard from its dead owner numbered its closing frame before the
        # tab's ack: the closing frame is the last one, whatever its seq.
        frames = session.replay(after) or session.replay(0)[-1:]
        words = [c for frame in frames for c in json.loads(frame.text).get("commands", [])]
        if words:
            if len(self.last_words) >= 1000:
                self.last_words.clear()
            self.last_words[session_id] = words

    def disconnected(self, bridge: WebSocketBridge) -> None:
        """The socket closed: close the session, or detach it for ``reconnect_timeout``."""
        was_serving = bridge.state is ConnectionState.OPEN or bridge.state is ConnectionState.CLOSING
        bridge.stop(ConnectionState.CLOSED)
        session = bridge.session
        if self.bridges.get(session.id) is bridge:
            del self.bridges[session.id]
        if not was_serving or session.closed:
            return
        timeout = self.settings.reconnect_timeout
        if timeout > 0:
            session.detach(timeout)
            self.timers[session.id] = bridge.loop.call_later(timeout, self._deadline_passed, session, bridge.loop)
        else:
            session.close(CloseReason.BROWSER_LEFT)

    def _deadline_passed(self, session: SessionPort, loop: asyncio.AbstractEventLoop) -> None:
        self.timers.pop(session.id, None)
        if session.id in self.bridges:
            return
        if isinstance(session, Session):
            self._deadline_checked(session, loop, session.close_if_abandoned())
            return
        # Another worker's session: its owner answers over the bus (it may take seconds): off the loop.
        asked = loop.run_in_executor(None, _close_if_abandoned, session)
        asked.add_done_callback(lambda done: self._deadline_checked(session, loop, done.result()))

    def _deadline_checked(self, session: SessionPort, loop: asyncio.AbstractEventLoop, closed: Optional[bool]) -> None:
        """After ``close_if_abandoned`` said ``closed`` (None: the bus failed, ask again in a while)."""
        if closed or session.id in self.bridges or session.id in self.timers:
            return
        if closed is None:
            self.timers[session.id] = loop.call_later(BUS_RETRY_DELAY, self._deadline_passed, session, loop)
        elif session.attachment is Attachment.DETACHED:  # the timer ran a hair early: look again soon
            self.timers[session.id] = loop.call_later(RECHECK_DELAY, self._deadline_passed, session, loop)

    async def serve(self, request: HttpRequest, peer: WebSocketPeer, messages: AsyncIterable[str | bytes]) -> None:
        """Run one accepted socket to its end; ``messages`` yields its text (or binary) messages."""
        bridge = await self.open_async(request, peer)
        if bridge is None:
            await send_gone(peer, self.gone_frame(request))
            return
        try:
            async for message in messages:
                joining = bridge.receive_bytes(message) if isinstance(message, bytes) else bridge.receive_text(message)
                if joining is not None:  # a chunk on its way to another worker: read on once it is there
                    await joining
        finally:
            self.disconnected(bridge)

    def gone_frame(self, request: HttpRequest) -> str:
        """What to send a tab whose ``open`` answered None: why its session is out of reach (a
        toast, when the registry knows: no shared bus, owner gone), then ``close_session``."""
        session_id = request.query.get("session") or ""
        words = self.last_words.pop(session_id, None)
        if words:  # e.g. its owner worker died: the toast saying so, then the end
            if words[-1].get("command") != "close_session":
                words.append(command("close_session"))
            return json.dumps({"commands": words})
        refusal = self.registry.refusal(session_id) if session_id else None
        if refusal is None:
            return GONE_FRAME
        return json.dumps({"commands": refusal.commands()})

    def close(self) -> None:
        """Stop the resume timers (server shutdown; the endpoint closes the sessions)."""
        for timer in self.timers.values():
            timer.cancel()
        self.timers.clear()

    async def until_flushed(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for every socket to send its last frames and close."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self.bridges and loop.time() < deadline:
            await asyncio.sleep(0.02)


def _close_if_abandoned(session: SessionPort) -> Optional[bool]:
    """``session.close_if_abandoned()``; None if the bus failed (it is logged by the bus itself)."""
    try:
        return session.close_if_abandoned()
    except BusError as exc:
        logger.info("session %s: its owner could not be asked whether its tab came back: %s; asking again",
                    short_id(session.id), exc)
        return None


async def send_gone(peer: WebSocketPeer, frame: str = GONE_FRAME) -> None:
    """Tell a tab that its session no longer exists (``frame``: see ``gone_frame``), or, for a socket
    ``open`` refused, why (server busy, too many connections); then close the socket. A tab whose
    session is only out of reach for now (the bus is down) gets no frame, only the close code 1013
    (try again later): it reconnects as after a network loss and resumes the same session."""
    if peer in _TRY_LATER:
        _TRY_LATER.discard(peer)
        try:
            await peer.close(TRY_AGAIN_LATER)
        except Exception:
            pass
        return
    try:
        await peer.send_text(_REFUSALS.pop(peer, frame))
        await peer.close(1000)
    except Exception:
        pass
