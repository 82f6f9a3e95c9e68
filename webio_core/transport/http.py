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

While a request is open its tab counts as present (``SessionRegistry.serving``): a long poll may
outlast ``session_expire_seconds``, and cleanup must not close the session it is waiting on.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import TYPE_CHECKING, Optional, Union

from ..exceptions import RemoteProtocolError
from ..protocol import AssemblyTooLarge, Chunk
from ..protocol.events import ClientMessage, check_event_seqs
from ..protocol.http_body import decode_http_body, poll_wait
from ..rejections import log_rejected
from ..session.base import Session
from .base import HttpRequest, HttpResponse
from .endpoint import json_response, text_response

if TYPE_CHECKING:
    from .endpoint import WebioEndpoint

logger = logging.getLogger("webio.transport")

SESSION_HEADER = "Webio-Session-Id"
CLOSED_REPLY = {"closed": True, "frames": [{"commands": [{"command": "close_session", "task_id": None, "spec": None}]}]}
# The pause before the next poll when a poll was answered without being held: about PyWebIO's rate.
SHORT_POLL_INTERVAL_MS = 1000


class _Exchange:
    """What one request asks for, after checks: the session, its ack, events, and how long to wait."""

    def __init__(self, session: Session, ack: int, messages: list[ClientMessage], wait: float,
                 react: bool) -> None:
        self.session = session
        self.ack = ack
        self.messages = messages
        self.wait = wait
        self.react = react  # answer once the app has reacted (events sent, or a new session)

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


def _assemble(endpoint: WebioEndpoint, session: Session, chunk: Chunk) -> Optional[ClientMessage]:
    """Give a chunk to the session's assembler; the event once complete. Raises AssemblyTooLarge."""
    try:
        return endpoint.http_chunks.add(session, chunk)
    except AssemblyTooLarge:
        raise
    except RemoteProtocolError as exc:
        log_rejected(logger, "chunk", "session %s…: rejected a chunk from the browser: %s", session.id[:8], exc)
        return None


def _begin(endpoint: WebioEndpoint, request: HttpRequest) -> Union[_Exchange, HttpResponse]:
    """Check the request and find or create its session; a response if the request ends here.
    A request that breaks the protocol is refused whole (400), before anything in it is applied."""
    if not endpoint.origin_ok(request):
        return text_response(403, "Cross-origin request refused")
    if len(request.body) > endpoint.settings.max_payload_size:
        return text_response(413, "Request body larger than max_payload_size")
    try:
        return _begin_checked(endpoint, request)
    except AssemblyTooLarge as exc:
        log_rejected(logger, "too large", "refused an event in chunks: %s (max_payload_size)", exc)
        return text_response(413, "Event larger than max_payload_size")
    except RemoteProtocolError as exc:
        log_rejected(logger, "http request", "rejected an HTTP-transport request: %s", exc)
        return text_response(400, f"Bad request: {exc}")


def _begin_checked(endpoint: WebioEndpoint, request: HttpRequest) -> Union[_Exchange, HttpResponse]:
    body = decode_http_body(request.body)
    messages = list(body.messages)
    session_id = request.headers.get(SESSION_HEADER) or ""
    session: Optional[Session]
    if session_id:
        session = endpoint.registry.get(session_id)
        if session is None:
            return json_response(CLOSED_REPLY)
    else:
        session = endpoint.create_session(request.query.get("app"), endpoint.session_info(request))
        if session is None:
            return text_response(404, "No such app")
        return _Exchange(session, 0, [], 0, react=True)
    check_event_seqs(session.last_event_seq, [message.seq for message in messages])
    if body.chunk is not None:
        assembled = _assemble(endpoint, session, body.chunk)
        if assembled is not None:
            check_event_seqs(session.last_event_seq, [assembled.seq])
            messages.append(assembled)
    return _Exchange(session, body.ack, messages, body.wait, react=bool(messages))


def _wait_limit(endpoint: WebioEndpoint, exchange: _Exchange) -> float:
    if exchange.react:
        return endpoint.settings.http_react_cap
    return poll_wait(exchange.wait, endpoint.settings.http_poll_cap)


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


def _answer_blocking(endpoint: WebioEndpoint, request: HttpRequest, exchange: _Exchange) -> HttpResponse:
    """Wait for the app to react to events; hold an event-less poll only if the server can spare it."""
    limit = _wait_limit(endpoint, exchange)
    if exchange.react or limit <= 0 or exchange.ready():
        _block_until_ready(exchange, limit)
        return exchange.reply()
    held = endpoint.held_polls
    if not request.can_hold or not held.claim(endpoint.settings.http_max_held_polls):
        return exchange.reply(poll_after=SHORT_POLL_INTERVAL_MS)
    try:
        _block_until_ready(exchange, limit)
    finally:
        held.release()
    return exchange.reply()


def http_exchange(endpoint: WebioEndpoint, request: HttpRequest) -> HttpResponse:
    """Blocking HTTP-transport exchange (WSGI)."""
    begun = _begin(endpoint, request)
    if isinstance(begun, HttpResponse):
        return begun
    with endpoint.registry.serving(begun.session.id):
        endpoint.cleanup()
        begun.apply()
        return _answer_blocking(endpoint, request, begun)


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


async def http_exchange_async(endpoint: WebioEndpoint, request: HttpRequest) -> HttpResponse:
    """Non-blocking HTTP-transport exchange (asyncio frameworks): holding a poll costs no thread."""
    begun = _begin(endpoint, request)
    if isinstance(begun, HttpResponse):
        return begun
    with endpoint.registry.serving(begun.session.id):
        endpoint.cleanup()
        begun.apply()
        await _until_ready(begun, _wait_limit(endpoint, begun))
        return begun.reply()
