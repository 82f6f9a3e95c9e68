"""The HTTP transport: one POST endpoint for opening, polling and sending events.

A request that carries events is answered as soon as the app has reacted (it is waiting again,
or it finished) or after ``http_react_cap`` seconds; a request without events long-polls until a
frame exists or ``min(wait, http_poll_cap)`` passes. Every answer holds all frames the browser
has not acknowledged, so a lost response loses nothing: the next request gets them again.
The blocking variant serves WSGI frameworks, the async one asyncio frameworks.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import TYPE_CHECKING, Optional, Union

from ..exceptions import RemoteProtocolError
from ..protocol import decode_client_message
from ..protocol.events import ClientMessage
from ..session.base import Session
from .base import HttpRequest, HttpResponse
from .endpoint import json_response, text_response

if TYPE_CHECKING:
    from .endpoint import WebioEndpoint

logger = logging.getLogger("webio.transport")

SESSION_HEADER = "Webio-Session-Id"
CLOSED_REPLY = {"closed": True, "frames": [{"commands": [{"command": "close_session", "task_id": None, "spec": None}]}]}


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

    def reply(self) -> HttpResponse:
        session = self.session
        session.take_frame()
        frames = ",".join(frame.text for frame in session.replay(self.ack))
        closed = "true" if session.closed else "false"
        body = f'{{"session_id":{json.dumps(session.id)},"closed":{closed},"frames":[{frames}]}}'
        return HttpResponse(200, body.encode(), {"Content-Type": "application/json; charset=utf-8",
                                                 "Cache-Control": "no-store"})


def _begin(endpoint: WebioEndpoint, request: HttpRequest) -> Union[_Exchange, HttpResponse]:
    """Check the request and find or create its session; a response if the request ends here."""
    if not endpoint.origin_ok(request):
        return text_response(403, "Cross-origin request refused")
    if len(request.body) > endpoint.settings.max_payload_size:
        return text_response(413, "Request body larger than max_payload_size")
    endpoint.cleanup()
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError("body must be a JSON object")
        ack = int(body.get("ack") or 0)
        wait = float(body.get("wait") or 0)
        raw_events = body.get("events") or []
        if not isinstance(raw_events, list):
            raise ValueError("'events' must be a list")
    except (ValueError, TypeError) as exc:
        logger.warning("rejected an HTTP-transport request: %s", exc)
        return text_response(400, f"Bad request: {exc}")
    messages = []
    for raw in raw_events:
        try:
            messages.append(decode_client_message(json.dumps(raw)))
        except RemoteProtocolError as exc:
            logger.warning("rejected an event from the browser: %s", exc)
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
    endpoint.registry.touch(session.id)
    return _Exchange(session, ack, messages, wait, react=bool(messages))


def _wait_limit(endpoint: WebioEndpoint, exchange: _Exchange) -> float:
    if exchange.react:
        return endpoint.settings.http_react_cap
    return min(max(exchange.wait, 0.0), endpoint.settings.http_poll_cap)


def http_exchange(endpoint: WebioEndpoint, request: HttpRequest) -> HttpResponse:
    """Blocking HTTP-transport exchange (WSGI)."""
    begun = _begin(endpoint, request)
    if isinstance(begun, HttpResponse):
        return begun
    exchange = begun
    cond = threading.Condition()

    def wake() -> None:
        with cond:
            cond.notify_all()

    exchange.session.add_listener(wake)
    try:
        exchange.apply()
        deadline = time.monotonic() + _wait_limit(endpoint, exchange)
        with cond:
            while not exchange.ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                cond.wait(remaining)
    finally:
        exchange.session.remove_listener(wake)
    return exchange.reply()


async def http_exchange_async(endpoint: WebioEndpoint, request: HttpRequest) -> HttpResponse:
    """Non-blocking HTTP-transport exchange (asyncio frameworks)."""
    begun = _begin(endpoint, request)
    if isinstance(begun, HttpResponse):
        return begun
    exchange = begun
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()

    def wake() -> None:
        loop.call_soon_threadsafe(changed.set)

    exchange.session.add_listener(wake)
    try:
        exchange.apply()
        deadline = loop.time() + _wait_limit(endpoint, exchange)
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
    return exchange.reply()

