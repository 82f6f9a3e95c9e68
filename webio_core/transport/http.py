"""The HTTP transport: one POST endpoint for opening, polling and sending events.

A request that carries events is answered as soon as the app has reacted (it is waiting again,
or it finished) or after ``http_react_cap`` seconds; a request without events long-polls until a
frame exists or ``min(wait, http_poll_cap)`` passes. Every answer holds all frames the browser
has not acknowledged, so a lost response loses nothing: the next request gets them again.
The blocking variant serves WSGI frameworks, the async one asyncio frameworks.

A long poll held by a WSGI server keeps one of its threads. So the blocking variant holds a poll
only when the server has threads to spare (``HttpRequest.can_hold``) and the endpoint holds fewer
than ``http_max_held_polls`` already; otherwise it answers at once, with ``poll_after``: the pause
in milliseconds the client makes before its next event-less poll. Waiting for the app to react to
events is short and happens everywhere: it is what makes a click feel instant.

An event over 256 KiB comes in chunks, one request each (``{"ack", "chunk", "wait"}``; see
protocol/chunks.py): a request with a chunk that does not finish its event is answered at once, the
one with the last chunk like a request with the event. Each session has one assembler; a request
retried after its answer was lost repeats its chunk, and the assembler ignores the repeat. An event
whose chunks pass ``max_payload_size`` is refused with 413, as a body over it is.

``HttpTransport`` owns this transport's state: the count of held polls and the expiry sweep; each
session owns its chunk assembler. The endpoint checks origin and body size first and hands the
request down; nothing here climbs back to it.

While a request is open its tab counts as present (``SessionRegistry.serving``): a long poll may
outlast ``session_expire_seconds``, and cleanup must not close the session it is waiting on.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import Any, Optional, Union

from ..bus.base import BusError
from ..bus.routing import UNAVAILABLE_PAGE
from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol import AssemblyTooLarge, Chunk
from ..protocol.events import ClientMessage, check_event_seqs
from ..protocol.http_body import decode_http_body, poll_wait
from ..rejections import log_rejected
from ..session.base import Session
from ..session.ids import short_id
from ..session.info import first_language
from ..session.port import SessionPort, SessionRegistry, StartSession
from ..session.refusal import RETRY_SECONDS
from .base import HttpRequest, HttpResponse
from .expiry import ExpiryTimer
from .parts import TransportParts
from .lookup import Lookup, lookup_off_loop
from .limits import (BUSY_TEXT, DRAINING_RETRY_SECONDS, NOTICE_SECONDS, RETRY_AFTER_SECONDS, TOO_FAST_TEXT,
                     ConnectionCounter, EventRateLimiter, SessionLimit, localized, refusal_frame)
from .policy import JsonValue, body_too_large, json_response, text_response
from .settings import EndpointSettings
from .starter import session_info

logger = logging.getLogger("webio.transport")

SESSION_HEADER = "Webio-Session-Id"
CLOSED_REPLY: JsonValue = {"closed": True,
                           "frames": [{"commands": [{"command": "close_session", "task_id": None, "spec": None}]}]}
# The pause before the next poll when a poll was answered without being held: about PyWebIO's rate.
SHORT_POLL_INTERVAL_MS = 1000


def try_again_response(reason: str, seconds: int = RETRY_SECONDS) -> HttpResponse:
    """503 with ``Retry-After``: the tab keeps its session (or, with none yet, asks for one) and
    sends the same request again after ``seconds``."""
    body: JsonValue = {"closed": False, "retry_after": seconds, "reason": reason}
    response = json_response(body, 503)
    response.headers["Retry-After"] = str(seconds)
    return response


def refused_response(registry: SessionRegistry, session_id: str) -> HttpResponse:
    """The response for a session id ``registry.get`` did not find: 503 with ``Retry-After`` while
    it cannot be reached for now (a temporary ``Refusal``, e.g. a bus outage: the tab keeps its
    session and tries again); else the end, with why (a toast) when the registry knows."""
    refusal = registry.refusal(session_id)
    if refusal is None:
        return json_response(CLOSED_REPLY)
    if refusal.temporary:
        return try_again_response(refusal.page_text, refusal.retry_seconds)
    ended: dict[str, Any] = {"closed": True, "frames": [{"commands": refusal.commands()}]}
    return json_response(ended)


class HeldPolls:
    """How many blocking long polls a transport holds now (under WSGI each keeps a server thread)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def claim(self, limit: int) -> bool:
        """Count one more held poll, unless ``limit`` are held already (then False)."""
        with self._lock:
            if self._count >= limit:
                return False
            self._count += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._count -= 1

    @property
    def count(self) -> int:
        return self._count


class _Exchange:
    """What one request asks for, after checks: the session, its ack, events, and how long to wait."""

    def __init__(self, session: SessionPort, ack: int, messages: list[ClientMessage], wait: float,
                 react: bool, chunk: Optional[Chunk] = None) -> None:
        self.session = session
        self.ack = ack
        self.messages = messages
        self.wait = wait
        self.react = react  # answer once the app has reacted (events sent, or a new session)
        self.chunk = chunk  # a slice of a large event, for the session's assembler (``_join_chunk``)

    @property
    def chunk_waits(self) -> bool:
        """Whether joining the chunk may wait: another worker's session joins it through its owner."""
        return self.chunk is not None and not isinstance(self.session, Session)

    def apply(self) -> None:
        self.session.receive(ClientMessage(event=None, seq=None, ack=self.ack))
        for message in self.messages:
            self.session.receive(message)

    def ready(self) -> bool:
        session = self.session
        if session.closed:
            return True
        if self.react:
            return session.is_idle
        return session.has_pending_output or session.last_frame_seq > self.ack

    def reply(self, poll_after: Optional[int] = None) -> HttpResponse:
        session = self.session
        session.take_frame()
        frames = ",".join(frame.text for frame in session.replay(self.ack))
        closed = "true" if session.closed else "false"
        pause = "" if poll_after is None else f',"poll_after":{int(poll_after)}'
        body = f'{{"session_id":{json.dumps(session.id)},"closed":{closed},"frames":[{frames}]{pause}}}'
        return HttpResponse(200, body.encode(), {"Content-Type": "application/json; charset=utf-8",
                                                 "Cache-Control": "no-store"})


def _assemble(session: SessionPort, chunk: Chunk) -> Optional[ClientMessage]:
    """Give a chunk to the session's assembler; the event once complete. Raises AssemblyTooLarge."""
    try:
        return session.add_chunk(chunk)
    except AssemblyTooLarge:
        raise
    except RemoteProtocolError as exc:
        log_rejected(logger, "chunk", "session %s: rejected a chunk from the browser: %s", short_id(session.id), exc)
        return None


class HttpTransport(TransportParts):
    """The HTTP transport of one endpoint: ``exchange`` (WSGI, blocking) / ``exchange_async`` (asyncio).

    Example: ``HttpTransport(settings, registry, starter, backend="flask").exchange(request)``.
    """

    def __init__(self, settings: EndpointSettings, registry: SessionRegistry, start_session: StartSession,
                 backend: str, connections: Optional[ConnectionCounter] = None,
                 sessions: Optional[SessionLimit] = None) -> None:
        super().__init__(settings, registry, start_session, backend, connections, sessions)
        self.rates: dict[str, EventRateLimiter] = {}  # session id -> its events' rate (max_events_per_second)
        self.held_polls = HeldPolls()
        self._last_sweep = time.monotonic()
        # Abandoned tabs send nothing: a timer (thread or loop) expires them (transport/expiry.py).
        self.expiry = ExpiryTimer(self.expire_now, settings.session_cleanup_interval,
                                  has_sessions=lambda: len(self.registry) > 0)

    # ----------------------------------------------------------------- the exchange
    def exchange(self, request: HttpRequest) -> HttpResponse:
        """Blocking exchange (WSGI): wait for the app, or hold a poll if the server can spare it."""
        begun = self._begin(request)
        if isinstance(begun, HttpResponse):
            return begun
        refused = self._settle(begun, self._join_chunk(begun))
        if refused is not None:
            return refused
        self.expiry.ensure_running(None)
        with self.registry.serving(begun.session.id):
            self.sweep()
            begun.apply()
            return self._answer_blocking(request, begun)

    async def exchange_async(self, request: HttpRequest) -> HttpResponse:
        """Non-blocking exchange (asyncio frameworks): holding a poll costs no thread. A session of
        another worker met for the first time is looked up off the loop (that may wait on the bus), and
        so is a chunk for it (its owner joins it). A tab sends the chunks of one event one request
        after another, so their order is the tab's."""
        begun = self._begin(request, await lookup_off_loop(self.registry, request.headers.get(SESSION_HEADER)))
        if isinstance(begun, HttpResponse):
            return begun
        joined = (await asyncio.get_running_loop().run_in_executor(None, self._join_chunk, begun)
                  if begun.chunk_waits else self._join_chunk(begun))
        refused = self._settle(begun, joined)
        if refused is not None:
            return refused
        self.expiry.ensure_running(asyncio.get_running_loop())
        with self.registry.serving(begun.session.id):
            self.sweep()
            begun.apply()
            limit = self._wait_limit(begun)
            if begun.react or limit <= 0 or begun.ready():
                await _until_ready(begun, limit)
                return begun.reply()
            release = self.connections.claim(request.remote_ip)
            if release is None:  # max_connections_per_ip: this tab polls instead of holding one more
                return begun.reply(poll_after=SHORT_POLL_INTERVAL_MS)
            try:
                await _until_ready(begun, limit)
            finally:
                release()
            return begun.reply()

    def sweep(self, now: Optional[float] = None) -> None:
        """Close sessions idle longer than ``session_expire_seconds``, at most once per interval."""
        now = time.monotonic() if now is None else now
        if now - self._last_sweep < self.settings.session_cleanup_interval:
            return
        self._last_sweep = now
        self.expire_now(now)

    def expire_now(self, now: Optional[float] = None) -> None:
        """Close the sessions idle longer than ``session_expire_seconds`` (the expiry timer's sweep)."""
        expired = self.registry.expire(self.settings.session_expire_seconds, now)
        if expired:
            logger.info("closed %d expired sessions (not heard from for %g s)", len(expired),
                        self.settings.session_expire_seconds)

    def close(self) -> None:
        """Stop the expiry timer (server shutdown; the endpoint closes the sessions)."""
        self.expiry.stop()

    def _begin(self, request: HttpRequest, lookup: Optional[Lookup] = None) -> Union[_Exchange, HttpResponse]:
        """Read the request and find or create its session; a response if the request ends here.
        A request that breaks the protocol is refused whole (400), before anything in it is applied."""
        if len(request.body) > self.settings.max_payload_size:
            return body_too_large(self.settings.max_payload_size)
        try:
            return self._begin_checked(request, lookup)
        except RemoteProtocolError as exc:
            log_rejected(logger, "http request", "rejected an HTTP-transport request: %s", exc)
            return text_response(400, f"Bad request: {exc}")

    def _begin_checked(self, request: HttpRequest, lookup: Optional[Lookup]) -> Union[_Exchange, HttpResponse]:
        body = decode_http_body(request.body)
        messages = list(body.messages)
        session_id = request.headers.get(SESSION_HEADER) or ""
        if not session_id:
            if self.sessions.full():
                language = first_language(request.headers.get("Accept-Language") or "")
                if self.sessions.draining:  # the tab asks again for its session, and reaches a live worker
                    return _draining(localized(BUSY_TEXT, language))
                return _refused(localized(BUSY_TEXT, language))
            started = self.start_session(request.query.get("app"), session_info(request, self.backend, "http"))
            if started is None:
                return text_response(404, "No such app")
            return _Exchange(started, 0, [], 0, react=True)
        session = (lookup or self.registry.get)(session_id)
        if session is None:
            return refused_response(self.registry, session_id)
        check_event_seqs(session.last_event_seq, [message.seq for message in messages])
        return _Exchange(session, body.ack, messages, body.wait, react=bool(messages), chunk=body.chunk)

    def _join_chunk(self, exchange: _Exchange) -> Optional[HttpResponse]:
        """Give the request's chunk to its session's assembler (the event joins ``messages`` once
        complete); the response if the request ends here. Another worker's session joins it through
        its owner: a bus round trip (``exchange_async`` runs this in a thread then)."""
        if exchange.chunk is None:
            return None
        try:
            assembled = _assemble(exchange.session, exchange.chunk)
            if assembled is not None:
                check_event_seqs(exchange.session.last_event_seq, [assembled.seq])
                exchange.messages.append(assembled)
        except AssemblyTooLarge as exc:
            log_rejected(logger, "too large", "refused an event in chunks: %s (max_payload_size)", exc)
            return body_too_large(self.settings.max_payload_size)
        except RemoteProtocolError as exc:
            log_rejected(logger, "http request", "rejected an HTTP-transport request: %s", exc)
            return text_response(400, f"Bad request: {exc}")
        except BusError as exc:  # the tab sends the same chunk again (the owner ignores a repeat)
            logger.warning("session %s: a chunk of a large event did not reach its owner: %s; the tab is asked "
                           "to send it again", short_id(exchange.session.id), exc)
            return try_again_response(UNAVAILABLE_PAGE)
        return None

    def _settle(self, exchange: _Exchange, refused: Optional[HttpResponse]) -> Optional[HttpResponse]:
        """After ``_join_chunk``: ``refused``, or None with the events past max_events_per_second emptied."""
        if refused is not None:
            return refused
        if exchange.messages:
            exchange.messages = self._within_rate(exchange.session, exchange.messages)
            exchange.react = True
        return None

    def _forget_rate(self, session: SessionPort) -> None:
        self.rates.pop(session.id, None)

    def _within_rate(self, session: SessionPort, messages: list[ClientMessage]) -> list[ClientMessage]:
        """The messages, with events past max_events_per_second emptied (acknowledged, never delivered)."""
        if self.settings.max_events_per_second <= 0 or not messages or session.closed:
            return messages  # (a closed session, kept a while for its last frames, ignores events)
        rate = self.rates.get(session.id)
        if rate is None:
            rate = self.rates[session.id] = EventRateLimiter(self.settings.max_events_per_second)
            session.on_close(self._forget_rate)
        kept = [m if m.event is None or rate.allow() else ClientMessage(None, m.seq, m.ack) for m in messages]
        dropped = rate.notice_due()
        if dropped:
            logger.warning("session %s: dropped %d events over max_events_per_second (%g); the session goes on",
                           short_id(session.id), dropped, rate.rate)
            spec = {"content": localized(TOO_FAST_TEXT, session.info.user_language), "duration": NOTICE_SECONDS,
                    "position": "center", "color": "warn", "callback_id": None}
            try:
                session.send("toast", spec)
            except SessionClosedException:
                pass
        return kept

    def _wait_limit(self, exchange: _Exchange) -> float:
        if exchange.react:
            return self.settings.http_react_cap
        return poll_wait(exchange.wait, self.settings.http_poll_cap)

    def _answer_blocking(self, request: HttpRequest, exchange: _Exchange) -> HttpResponse:
        """Wait for the app to react to events; hold an event-less poll only if the server can spare it."""
        limit = self._wait_limit(exchange)
        if exchange.react or limit <= 0 or exchange.ready():
            _block_until_ready(exchange, limit)
            return exchange.reply()
        if not request.can_hold or not self.held_polls.claim(self.settings.http_max_held_polls):
            return exchange.reply(poll_after=SHORT_POLL_INTERVAL_MS)
        release = self.connections.claim(request.remote_ip)
        if release is None:  # max_connections_per_ip: this tab polls instead of holding one more
            self.held_polls.release()
            return exchange.reply(poll_after=SHORT_POLL_INTERVAL_MS)
        try:
            _block_until_ready(exchange, limit)
        finally:
            release()
            self.held_polls.release()
        return exchange.reply()


def _refused(text: str) -> HttpResponse:
    """The answer to a tab that gets no session: ``text`` in a toast, then the closed state."""
    body = f'{{"closed":true,"frames":[{refusal_frame(text)}]}}'
    return HttpResponse(200, body.encode(), {"Content-Type": "application/json; charset=utf-8",
                                             "Cache-Control": "no-store", "Retry-After": str(RETRY_AFTER_SECONDS)})


def _draining(text: str) -> HttpResponse:
    """The answer to a tab's first request at a stopping worker: 503 with ``Retry-After`` (no
    session exists yet; the tab sends the request again and a load balancer picks a live worker)."""
    return try_again_response(text, DRAINING_RETRY_SECONDS)


def _block_until_ready(exchange: _Exchange, seconds: float) -> None:
    cond = threading.Condition()

    def wake() -> None:
        with cond:
            cond.notify_all()

    exchange.session.add_listener(wake)
    try:
        deadline = time.monotonic() + seconds
        with cond:
            while not exchange.ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                cond.wait(remaining)
    finally:
        exchange.session.remove_listener(wake)


async def _until_ready(exchange: _Exchange, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()

    def wake() -> None:
        loop.call_soon_threadsafe(changed.set)

    exchange.session.add_listener(wake)
    try:
        deadline = loop.time() + seconds
        while not exchange.ready():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed.clear()
            if exchange.ready():
                break
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except asyncio.TimeoutError:
                break
    finally:
        exchange.session.remove_listener(wake)
