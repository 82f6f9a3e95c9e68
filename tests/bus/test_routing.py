"""Any worker serves any request of any session: routing over each bus, with real sessions and apps."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from tests.bus.conftest import BusFactory
from tests.bus.tab import Tab
from webio.bus.routing import NO_BUS_PAGE, OWNER_GONE_PAGE, RoutingRegistry
from webio.input import input as webio_input
from webio.output import put_text
from webio.protocol.chunks import Chunk
from webio.session import ThreadSession, defer_call
from webio.session.ids import new_worker_id

DEFERRED: list[str] = []


def greeter() -> None:
    defer_call(lambda: DEFERRED.append("closed"))
    for _ in range(100):
        name = webio_input("Your name")
        put_text(f"Hello {name}")


Workers = Callable[..., list[RoutingRegistry]]


@pytest.fixture
def workers(make_bus: BusFactory) -> Iterator[Workers]:
    """workers(n, ttl) -> n registries (workers) sharing one bus; all stopped after the test."""
    made: list[RoutingRegistry] = []

    def build(count: int = 2, heartbeat_ttl: float = 3.0) -> list[RoutingRegistry]:
        bus = make_bus()
        for _ in range(count):
            made.append(RoutingRegistry(bus, worker_id=new_worker_id(), heartbeat_ttl=heartbeat_ttl, start=True))
        return made[-count:]

    yield build
    for registry in made:
        registry.close()


def open_session(owner: RoutingRegistry, app: Callable[[], Any] = greeter) -> Tab:
    session = ThreadSession(app, session_id=owner.new_session_id())
    owner.add(session)
    session.start()
    tab = Tab(session.id)
    tab.wait_for(owner, lambda t: any(c["command"] == "input_group" for c in t.commands))
    return tab


def test_requests_on_any_worker_reach_the_session_in_order_with_nothing_lost_or_repeated(workers: Workers) -> None:
    owner, other, third = workers(3)
    tab = open_session(owner)
    names = [f"user{n}" for n in range(12)]
    for n, name in enumerate(names):
        tab.submit((owner, other, third)[n % 3], name)  # round robin, two of three requests elsewhere
    assert tab.texts == [f"Hello {name}" for name in names]
    assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))  # no frame lost, none twice
    assert len(owner) == 1 and len(other) == 0  # the session stays in its owner


def test_a_foreign_session_is_a_proxy_and_an_own_session_is_the_session_itself(workers: Workers) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    assert isinstance(owner.get(tab.session_id), ThreadSession)
    proxy = other.get(tab.session_id)
    assert type(proxy).__name__ == "RemoteSession"
    assert proxy is other.get(tab.session_id)  # one proxy per session and worker
    assert proxy.info.backend == "" and not proxy.closed


def test_closing_from_another_worker_runs_the_deferred_calls_in_the_owner(workers: Workers) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    DEFERRED.clear()
    proxy = other.get(tab.session_id)
    assert proxy is not None
    proxy.close()
    deadline = time.monotonic() + 10
    while not proxy.closed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proxy.closed and DEFERRED == ["closed"]
    kept = owner.get(tab.session_id)  # kept a while, closed, so its last frames reach the tab
    assert kept is not None and kept.closed and len(owner) == 0


def test_an_event_in_chunks_through_another_worker(workers: Workers) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    big = "x" * 5000
    text = f'{{"event":"from_submit","task_id":"{tab.form_task()}","data":{{"data":"{big}"}},"seq":1}}'
    proxy = other.get(tab.session_id)
    assert proxy is not None
    parts = [text[:3000], text[3000:]]
    assert proxy.add_chunk(Chunk(seq=1, index=0, count=2, data=parts[0])) is None
    message = proxy.add_chunk(Chunk(seq=1, index=1, count=2, data=parts[1]))
    assert message is not None and message.seq == 1
    tab.seq = 1
    proxy.receive(message)
    tab.wait_for(other, lambda t: f"Hello {big}" in t.texts)


def test_what_a_first_chunk_declares_reaches_the_owner_through_another_worker(workers: Workers) -> None:
    from webio.protocol.chunks import AssemblyTooLarge

    owner, other = workers(2)
    tab = open_session(owner)
    proxy = other.get(tab.session_id)
    assert proxy is not None
    declared_too_large = Chunk(seq=1, index=0, count=2, data='{"event":"from_submit"', size=10 ** 12,
                               task_id=tab.form_task(), files=(("data", (10 ** 12,)),))
    with pytest.raises(AssemblyTooLarge):  # refused from its first chunk, before the rest is sent
        proxy.add_chunk(declared_too_large)
    tab.submit(other, "Ada")  # the session goes on
    assert tab.texts[-1] == "Hello Ada"


def test_a_dead_owner_is_noticed_within_seconds_and_the_tab_is_told(workers: Workers) -> None:
    owner, other, third = workers(3, heartbeat_ttl=1.0)
    tab = open_session(owner)
    tab.submit(other, "Ada")
    owner.node.stop(forget=False)  # as if killed: the heartbeat just stops
    started = time.monotonic()
    tab.wait_for(other, lambda t: t.closed, seconds=10)
    assert time.monotonic() - started < 5
    toasts = [c["spec"]["content"] for c in tab.commands if c["command"] == "toast"]
    assert toasts and "stopped" in toasts[-1]
    gone = other.get(tab.session_id)  # the worker that served the tab keeps the closed proxy a while
    assert gone is not None and gone.closed
    assert third.get(tab.session_id) is None  # a worker that never served it says why
    refusal = third.refusal(tab.session_id)
    assert refusal is not None and refusal.kind == "owner-gone" and refusal.page_text == OWNER_GONE_PAGE


def test_bad_requests_on_the_bus_are_refused_and_the_session_goes_on(workers: Workers,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    owner, other = workers(2)
    tab = open_session(owner)
    bus, me = owner.bus, other.worker_id
    with caplog.at_level(logging.WARNING, logger="webio.bus"):
        bus.send(owner.worker_id, {"op": "receive", "sid": "../../x", "from": me, "rid": "r1", "msg": {}})
        bus.send(owner.worker_id, {"op": "receive", "sid": tab.session_id, "from": me, "rid": "r2",
                                   "msg": {"event": "no_such_event", "task_id": "t1"}})
        bus.send(owner.worker_id, {"op": "send", "sid": tab.session_id, "from": me, "name": "run_script",
                                   "spec": {"code": "alert(1)"}})
        bus.send(owner.worker_id, {"op": "detach", "sid": tab.session_id, "from": me, "rid": "r3", "grace": "soon"})
        bus.send(owner.worker_id, {"op": "format_disk", "sid": tab.session_id, "from": me})
        tab.submit(other, "Grace")
    assert tab.texts == ["Hello Grace"]
    assert not any(c["command"] == "run_script" for c in tab.commands)
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) >= 4, refused


def test_without_a_shared_bus_a_foreign_session_is_explained_not_silently_closed(caplog: pytest.LogCaptureFixture) -> None:
    first, second = RoutingRegistry(), RoutingRegistry(worker_id=new_worker_id())  # each worker alone
    tab = open_session(first)
    with caplog.at_level(logging.WARNING, logger="webio.bus"):
        assert second.get(tab.session_id) is None
    assert "WEBIO_BUS=redis://" in caplog.text
    refusal = second.refusal(tab.session_id)
    assert refusal is not None and refusal.kind == "no-bus" and refusal.page_text == NO_BUS_PAGE
    toast, close = refusal.commands()  # what the transport sends the tab instead of a bare "closed"
    assert toast["command"] == "toast" and toast["spec"]["content"] == NO_BUS_PAGE
    assert close["command"] == "close_session"
    assert not second.node.running  # no threads for a process-local bus
    first.close()


def test_a_malformed_session_id_is_refused() -> None:
    registry = RoutingRegistry()
    assert registry.get("../../etc/passwd") is None
    refusal = registry.refusal("../../etc/passwd")
    assert refusal is not None and refusal.kind == "malformed"
    registry.close()


def test_the_endpoints_of_one_process_share_one_node(make_bus: BusFactory) -> None:
    # Two endpoints (two blueprints, say) each with a registry: one inbox reader, both endpoints' sessions.
    bus = make_bus()
    owner_a, owner_b = RoutingRegistry(bus, start=True), RoutingRegistry(bus, start=True)
    other = RoutingRegistry(bus, worker_id=new_worker_id(), start=True)
    try:
        assert owner_a.node is owner_b.node and owner_a.worker_id == owner_b.worker_id
        tabs = [open_session(owner_a), open_session(owner_b)]
        for tab in tabs:
            tab.submit(other, "Ada")
            assert tab.texts == ["Hello Ada"]
        owner_a.close()
        assert owner_b.node.running  # the other endpoint still serves
        tabs[1].submit(other, "Grace")
        assert tabs[1].texts == ["Hello Ada", "Hello Grace"]
    finally:
        owner_b.close()
        other.close()
    assert not owner_b.node.running


def wait_until(predicate: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_attachment_moves_and_transport_notices_through_another_worker(workers: Workers) -> None:
    from webio.session.state import Attachment, IllegalTransition

    owner, other = workers(2)
    tab = open_session(owner)
    proxy = other.get(tab.session_id)
    assert proxy is not None and proxy.attachment is Attachment.ATTACHED
    proxy.send("toast", {"content": "too large", "duration": 2, "position": "center", "color": "error",
                         "callback_id": None})
    tab.wait_for(other, lambda t: any(c["command"] == "toast" for c in t.commands))
    proxy.detach(0.3)  # the tab's socket on this worker was lost
    wait_until(lambda: proxy.attachment is Attachment.DETACHED)
    assert owner.get(tab.session_id).attachment is Attachment.DETACHED  # kept by the owner
    proxy.attach()  # it came back in time
    wait_until(lambda: proxy.attachment is Attachment.ATTACHED)
    assert not proxy.close_if_abandoned()
    proxy.detach(0.2)
    wait_until(lambda: proxy.attachment is Attachment.DETACHED)
    time.sleep(0.3)
    assert proxy.close_if_abandoned()
    wait_until(lambda: proxy.closed)
    with pytest.raises(IllegalTransition, match="from CLOSED"):
        proxy.attach()
    assert owner.get(tab.session_id).closed and len(owner) == 0  # kept a while for its last frames


def go_clicked_at_another_worker(workers: Workers, on_click: Any) -> tuple[Any, Any, Any]:
    """A session at one worker showing a "Go" button (``on_click``) and an input; its tab's click
    on "Go" sent through another worker. Returns the tab, the other worker's proxy, that worker."""
    from webio.output import put_buttons
    from webio.protocol.events import ClientMessage, Event

    def app() -> None:
        put_buttons(["Go"], onclick=on_click)
        webio_input("Your name")

    owner, other = workers(2)
    tab = open_session(owner, app)
    callback_id = next(c["spec"]["callback_id"] for c in tab.commands if c["spec"].get("type") == "buttons")
    proxy = other.get(tab.session_id)
    assert proxy is not None
    proxy.receive(ClientMessage(event=Event("callback", callback_id, 0), seq=1, ack=tab.ack))
    return tab, proxy, other


def test_an_event_through_another_worker_is_acknowledged_while_the_app_still_works_on_it(workers: Workers) -> None:
    import threading


    release = threading.Event()
    tab, proxy, other = go_clicked_at_another_worker(
        workers, lambda _: (release.wait(30), put_text("done")))  # busy, with no output
    # The owner holds its note back while the app reacts, but not for ever: the tab's ack of the
    # event (WebSocket ack frames carry last_event_seq) does not wait for the app.
    wait_until(lambda: proxy.last_event_seq == 1, seconds=5)
    assert not proxy.is_idle and not release.is_set()
    release.set()
    tab.seq = 1
    tab.wait_for(other, lambda t: "done" in t.texts)
    assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))


def test_a_chunk_whose_owner_does_not_answer_waits_off_the_loop_then_the_socket_asks_the_tab_to_resume(
        workers: Workers, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import json

    from tests.conformance.wire import RecordingPeer
    from webio.bus import remote
    from webio.transport.websocket import TRY_AGAIN_LATER, WebSocketBridge

    monkeypatch.setattr(remote, "REQUEST_TIMEOUT", 1.0)
    owner, other = workers(2)
    tab = open_session(owner)
    proxy = other.get(tab.session_id)
    assert proxy is not None
    owner.node.stop(forget=False)  # hung: it answers nothing more
    peer = RecordingPeer()

    async def socket_at_the_other_worker() -> list[str]:
        bridge = WebSocketBridge(proxy, peer, asyncio.get_running_loop(), 10 ** 6)
        chunk = {"seq": 1, "index": 0, "count": 2, "data": '{"event":"from_submit"'}
        joining = bridge.receive_text(json.dumps({"chunk": chunk}))
        assert joining is not None  # handed to a thread
        assert bridge.receive_text(json.dumps({"ack": 0})) is joining  # the next message waits behind it
        ticks = []
        while not joining.done():  # the loop goes on meanwhile
            ticks.append("tick")
            await asyncio.sleep(0.05)
        return ticks

    ticks = asyncio.run(socket_at_the_other_worker())
    assert len(ticks) > 5
    assert peer.closed == TRY_AGAIN_LATER and peer.sent == []  # the tab resumes and sends the event again


def test_an_http_chunk_whose_owner_does_not_answer_is_answered_503_and_the_tab_sends_it_again(
        workers: Workers, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import json

    from webio.bus import remote
    from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint
    from webio.transport.http import SESSION_HEADER

    monkeypatch.setattr(remote, "REQUEST_TIMEOUT", 1.0)
    owner, other = workers(2)
    tab = open_session(owner)
    assert other.get(tab.session_id) is not None
    endpoint = WebioEndpoint(greeter, backend="test", protocol="http", registry=other)
    owner.node.stop(forget=False)  # hung: it answers nothing more
    chunk = {"seq": 1, "index": 0, "count": 2, "data": '{"event":"from_submit"'}
    request = HttpRequest("POST", "/", {"_webio": "http"},
                          CaseInsensitiveHeaders({"Host": "x", SESSION_HEADER: tab.session_id}),
                          json.dumps({"ack": 0, "chunk": chunk, "wait": 0}).encode())

    async def post_at_the_other_worker() -> tuple[int, dict[str, str], bytes, int]:
        answering = asyncio.ensure_future(endpoint.respond_async(request))
        ticks = 0
        while not answering.done():  # the loop goes on meanwhile
            ticks += 1
            await asyncio.sleep(0.05)
        answer = answering.result()
        return answer.status, answer.headers, answer.body, ticks

    status, headers, body, ticks = asyncio.run(post_at_the_other_worker())
    assert status == 503 and int(headers["Retry-After"]) > 0 and json.loads(body)["closed"] is False
    assert ticks > 5
def test_output_of_an_app_still_busy_with_an_event_reaches_another_worker_before_it_is_done(workers: Workers) -> None:
    # The owner holds new output a moment while the app reacts (one event, one publish), not
    # until the app is done: progress shown by a long callback reaches the tab at once.
    import threading


    release = threading.Event()

    def work(_: object) -> None:
        put_text("working")  # sent as the statement ends (its result is released)
        release.wait(30)
        put_text("done")

    tab, proxy, other = go_clicked_at_another_worker(workers, work)
    tab.seq = 1
    started = time.monotonic()
    tab.wait_for(other, lambda t: "working" in t.texts)
    assert time.monotonic() - started < 2 and not release.is_set() and not proxy.is_idle
    release.set()
    tab.wait_for(other, lambda t: "done" in t.texts)
    assert tab.texts[-2:] == ["working", "done"]
    assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))
