"""What the transports ask a session registry besides ``get``, through the typed members of
``SessionRegistry``: does a lookup block (run it off the event loop), why was an id refused
(a ``Refusal``: temporary, HTTP 503 + Retry-After / WebSocket 1013; or final, a toast and the end),
and is the registry ready (the readiness probe). The local registry answers plainly; a custom one
(here a subclass, as a user's own router would be) is heard without duck typing. (Readiness:
tests/transport/test_health.py.)"""
from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, AsyncIterator, Optional

from tests.conformance.wire import RecordingPeer
from webio.session.info import SessionInfo
from webio.session.port import SessionPort
from webio.session.refusal import Refusal
from webio.session.registry import LocalSessionRegistry
from webio.transport import CaseInsensitiveHeaders, EndpointSettings, HttpRequest
from webio.transport.http import CLOSED_REPLY, SESSION_HEADER, HttpTransport
from webio.transport.lookup import lookup_off_loop
from webio.transport.websocket import GONE_FRAME, WebSocketTransport

SID = "0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


class RouterLike(LocalSessionRegistry):
    """A registry that refuses ids with a reason and may block on lookups (as a bus router does)."""

    def __init__(self, refusal: Optional[Refusal] = None, blocks: bool = False) -> None:
        super().__init__()
        self.kept = refusal
        self.blocks = blocks
        self.looked_up_in: list[str] = []

    def get(self, session_id: str) -> Optional[SessionPort]:
        self.looked_up_in.append(threading.current_thread().name)
        return super().get(session_id)

    def lookup_blocks(self, session_id: str) -> bool:
        return self.blocks

    def refusal(self, session_id: str) -> Optional[Refusal]:
        refusal, self.kept = self.kept, None
        return refusal

    def peek_refusal(self, session_id: str) -> Optional[Refusal]:
        return self.kept


def no_session(app_name: Optional[str], info: SessionInfo) -> Optional[SessionPort]:
    return None


def http_post(transport: HttpTransport, session_id: str) -> tuple[int, dict[str, str], Any]:
    headers = CaseInsensitiveHeaders({"Host": "tool.local", SESSION_HEADER: session_id})
    response = transport.exchange(HttpRequest("POST", "/", {}, headers, b'{"ack": 0, "events": []}'))
    return response.status, dict(response.headers), json.loads(response.body)


def ws_resume(transport: WebSocketTransport, session_id: str) -> RecordingPeer:
    async def no_messages() -> AsyncIterator[str]:
        return
        yield ""  # an async generator that yields nothing

    async def run() -> RecordingPeer:
        peer = RecordingPeer()
        request = HttpRequest("GET", "/", {"session": session_id, "ack": "0"}, CaseInsensitiveHeaders({}))
        await transport.serve(request, peer, no_messages())
        return peer

    return asyncio.run(run())


def test_the_local_registry_answers_plainly() -> None:
    registry = LocalSessionRegistry()
    assert registry.lookup_blocks(SID) is False
    assert registry.get(SID) is None and registry.refusal(SID) is None and registry.peek_refusal(SID) is None
    assert registry.ready() is True
    settings = EndpointSettings.parse()
    assert http_post(HttpTransport(settings, registry, no_session, backend="test"), SID)[2] == CLOSED_REPLY
    peer = ws_resume(WebSocketTransport(settings, registry, no_session, "test"), SID)
    assert peer.sent == [GONE_FRAME] and peer.closed == 1000


def test_a_temporary_refusal_asks_the_tab_to_try_again_after_its_retry_seconds() -> None:
    wait = Refusal("unavailable", "Not reachable right now.", temporary=True, retry_seconds=7)
    registry = RouterLike(wait)
    status, headers, body = http_post(HttpTransport(EndpointSettings.parse(), registry, no_session, backend="test"), SID)
    assert (status, headers["Retry-After"]) == (503, "7")
    assert body == {"closed": False, "retry_after": 7, "reason": "Not reachable right now."}
    assert registry.peek_refusal(SID) is None  # one answer per request: taken

    registry.kept = wait
    peer = ws_resume(WebSocketTransport(EndpointSettings.parse(), registry, no_session, "test"), SID)
    assert peer.sent == [] and peer.closed == 1013  # no close_session: the tab reconnects later
    assert registry.peek_refusal(SID) is None


def test_a_final_refusal_ends_the_tab_with_its_reason() -> None:
    gone = Refusal("owner-gone", "The server process stopped.")
    assert gone.temporary is False
    registry = RouterLike(gone)
    status, _, body = http_post(HttpTransport(EndpointSettings.parse(), registry, no_session, backend="test"), SID)
    assert status == 200 and body["closed"] is True
    assert [c["command"] for c in body["frames"][0]["commands"]] == ["toast", "close_session"]
    assert body["frames"][0]["commands"][0]["spec"]["content"] == "The server process stopped."

    registry.kept = gone
    peer = ws_resume(WebSocketTransport(EndpointSettings.parse(), registry, no_session, "test"), SID)
    (frame,) = peer.sent
    assert [c["command"] for c in json.loads(frame)["commands"]] == ["toast", "close_session"]
    assert peer.closed == 1000


def test_a_lookup_that_may_block_runs_off_the_event_loop_and_one_that_cannot_runs_on_it() -> None:
    async def look(registry: RouterLike) -> Optional[SessionPort]:
        lookup = await lookup_off_loop(registry, SID)
        return (lookup or registry.get)(SID)

    blocking, quick = RouterLike(blocks=True), RouterLike(blocks=False)
    assert asyncio.run(look(blocking)) is None and asyncio.run(look(quick)) is None
    assert blocking.looked_up_in != [threading.current_thread().name]  # a worker thread of the loop
    assert quick.looked_up_in == [threading.current_thread().name]

