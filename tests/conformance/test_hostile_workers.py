"""Hostile input against two workers sharing a real redis-server (issue 10, item 6: a worker trusts
nothing from the bus that it would not trust from a browser; knowing an owner id gives nothing;
the origin check happens on the worker that received the request).

Two Tornado processes (``tests/scale/hostile_node.py``, the echo apps of the conformance suite)
share one redis-server. Each test sends its hostile input to the worker that does *not* own the
session (the corpus of test_hostile_corpus.py and mutations of it, oversized events, bad chunks,
forged session ids carrying a real owner id, cross-origin requests), or writes malformed entries
straight into the Redis streams the bus uses (a worker's inbox, a session's outbox), or comes
while Redis is stopped. Afterwards, what a user would notice: each hostile thing was refused (and
logged), the well-behaved tabs of both workers still answer round trips with no lost and no
duplicated output, and neither worker wrote a traceback.
"""
from __future__ import annotations

import json
import random
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Optional

import pytest
import redis
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

from network_wire import HttpTab, WebSocketTab, WireTab
from scenario_apps import ALLOWED_ORIGIN, MAX_PAYLOAD_SIZE
from test_fuzz_servers import FINAL_SEQ_AHEAD, SEED, last_question, send_http, send_ws
from test_hostile_corpus import BODIES, SESSION_LEVEL
from test_hostile_corpus import MESSAGES as CORPUS
from tests.protocol.fuzzing import variants
from tests.redis_server import RedisServer, running_redis
from tests.scale.processes import Served, served_workers, wait_for_readiness
from webio.session.ids import owner_of
from webio.transport.http import SESSION_HEADER
from wire import is_script

# Mutated messages per transport (the single-process fuzz sends 10,000; each accepted one here
# crosses the bus, so fewer keep this module well under a minute).
FUZZED = 300
EVIL_ORIGIN = "http://evil.example"


@dataclass
class Cluster:
    redis: RedisServer
    owner: Served  # owns the sessions the hostile input is about
    other: Served  # receives the hostile input

    def page(self, node: Served, transport: str) -> str:
        return node.url if transport == "websocket" else node.url + "http"

    def worker_ids(self) -> tuple[str, str]:
        """The bus ids of ``owner`` and ``other`` (read from a session each opens)."""
        ids = []
        for node in (self.owner, self.other):
            tab = HttpTab(node.url + "http", "echo")
            tab.wait_for(is_script("hello"))
            ids.append(owner_of(tab.session_id))
        assert all(ids) and ids[0] != ids[1], ids
        return str(ids[0]), str(ids[1])

    def redis_down(self) -> None:
        self.redis.stop()
        wait_for_readiness((self.owner, self.other), 503)

    def redis_back(self) -> None:
        self.redis.start_again()
        wait_for_readiness((self.owner, self.other), 200)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with ExitStack() as stack:
        redis_server = stack.enter_context(running_redis())  # its own: the last test stops it
        nodes = served_workers(stack, "tests.scale.hostile_node", redis_server.url)
        deployment = Cluster(redis_server, nodes[0], nodes[1])
        yield deployment
        for node in nodes:
            log = node.log()
            assert "Traceback" not in log, log[max(0, log.find("Traceback") - 2000):][:5000]


# --------------------------------------------------------------------------- well-behaved tabs
class Tab:
    """A well-behaved tab of the echo app: opened on one worker, moved to another (a reconnect or
    the next HTTP request landing elsewhere); ``echo`` checks each answer comes back once, in turn."""

    def __init__(self, cluster: Cluster, transport: str, opened_on: Served, app: str = "echo") -> None:
        self.cluster = cluster
        self.transport = transport
        self.app = app
        self.count = 0
        page = cluster.page(opened_on, transport)
        self.wire: WireTab = WebSocketTab(page, f"app={app}") if transport == "websocket" else HttpTab(page, app)
        self.wire.wait_for(is_script("hello"))

    @property
    def session_id(self) -> str:
        return str(self.wire.browser.session_id)

    def move_to(self, node: Served) -> None:
        page = self.cluster.page(node, self.transport)
        if isinstance(self.wire, HttpTab):
            self.wire.url = page + f"?app={self.app}&_webio=http"
            return
        browser = self.wire.browser
        self.wire.close()
        self.wire = WebSocketTab(page, f"app={self.app}&{browser.resume_query()}")
        self.wire.browser = browser

    def echo(self, value: Any) -> None:
        ask = self.wire.wait_for(is_script("next()"))
        self.wire.send(self.wire.event("js_yield", ask["task_id"], value))
        self.count += 1
        assert self.wire.wait_for(is_script("echo"))["spec"]["args"] == {"value": value, "count": self.count}
        assert self.wire.browser.duplicates == 0 and not self.wire.browser.closed

    def skip_refused_seq(self, ask: dict[str, Any]) -> None:
        """A refused message took the next seq (a gap is fine); its question is still open."""
        self.wire.browser.event_seq += 1
        self.wire.browser.pending.appendleft(ask)

    def close(self) -> None:
        self.wire.close()


def routed_tab(cluster: Cluster, transport: str) -> Tab:
    """A tab of a session of ``owner``, now served by ``other`` (every request crosses the bus)."""
    tab = Tab(cluster, transport, cluster.owner)
    tab.echo("on its owner")
    tab.move_to(cluster.other)
    tab.echo("through the other worker")
    return tab


def post(url: str, body: bytes, session_id: str = "", origin: Optional[str] = None) -> tuple[int, dict[str, str], Any]:
    headers = {"Content-Type": "application/json"}
    if session_id:
        headers[SESSION_HEADER] = session_id
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (test URL)
            return answer.status, dict(answer.headers), json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        text = exc.read()
        try:
            reply = json.loads(text)
        except ValueError:
            reply = text.decode(errors="replace")
        return exc.code, dict(exc.headers), reply


def ws_answer(node: Served, query: str, origin: Optional[str] = None) -> tuple[list[dict[str, Any]], Optional[int]]:
    """Open a socket at ``node`` and read until the server closes it: the commands it sent, the close code."""
    from websockets.sync.client import connect as ws_connect

    url = node.url.replace("http://", "ws://") + "?" + query
    commands: list[dict[str, Any]] = []
    with ws_connect(url, origin=Origin(origin) if origin else None, open_timeout=10) as socket:
        try:
            while True:
                commands.extend(json.loads(socket.recv(timeout=10)).get("commands") or [])
        except ConnectionClosed as closed:
            return commands, closed.rcvd.code if closed.rcvd is not None else None


def forged_id(owner_id: str) -> str:
    """A well-formed session id naming a real worker as owner, with random bits of our own."""
    return f"{owner_id}.{secrets.token_urlsafe(24)}"


# --------------------------------------------------------------------------- the corpus, at the non-owner
@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_the_hostile_corpus_at_the_worker_that_does_not_own_the_session(cluster: Cluster, transport: str) -> None:
    tab = routed_tab(cluster, transport)
    bystander = Tab(cluster, transport, cluster.other)  # a session of the other worker's own
    bystander.echo("before")
    for case, message in CORPUS.items():
        ask = tab.wire.wait_for(is_script("next()"))
        text = message(ask["task_id"], tab.wire.browser.event_seq + 1)
        if isinstance(tab.wire, HttpTab):
            status, _ = tab.wire.post(b'{"ack": %d, "events": [%s], "wait": 0}' % (
                tab.wire.browser.applied, text.encode("utf-8", "surrogatepass")))
            assert status == (200 if case in SESSION_LEVEL else 400), case
        else:
            tab.wire.send(text)
        tab.skip_refused_seq(ask)
        tab.echo(f"after {case}")
    if isinstance(tab.wire, HttpTab):
        for case, body in BODIES.items():
            assert tab.wire.post(body(tab.wire.browser.applied))[0] == 400, case
        tab.echo("after the bodies")
    bystander.echo("after")
    tab.close()
    bystander.close()
    log = cluster.other.log()
    assert "rejected" in log, log[-3000:]


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_mutated_messages_at_the_non_owner_break_no_session(cluster: Cluster, transport: str) -> None:
    """The single-process fuzz (test_fuzz_servers.py), shorter, through the non-owner: the accepted
    messages cross the bus to the owner, the refused ones stop at the worker that received them."""
    tab = routed_tab(cluster, transport)
    wire = tab.wire
    ask = wire.wait_for(is_script("next()"))
    seq = wire.browser.event_seq + 1
    base = [json.dumps({"event": "js_yield", "task_id": ask["task_id"], "data": [1, 2.5, None], "seq": seq}),
            json.dumps({"ack": wire.browser.applied}),
            json.dumps({"chunk": {"seq": seq, "index": 0, "count": 2, "data": '{"event": "js_yield", '}})]
    base += [case(ask["task_id"], seq) for case in CORPUS.values()]
    texts = variants(base, random.Random(SEED), FUZZED)
    if isinstance(wire, WebSocketTab):
        send_ws(wire, texts)
        wire.ws.ping().wait(10)  # the socket is still open
    else:
        assert isinstance(wire, HttpTab)
        statuses = send_http(wire, texts)
        assert set(statuses) <= {200, 400, 413}, statuses
        wire.exchange([])
    question = last_question(wire)
    wire.browser.pending.clear()
    wire.browser.event_seq = seq + FINAL_SEQ_AHEAD
    wire.send(wire.event("js_yield", question["task_id"], "after the fuzz"))
    echoed = wire.wait_for(is_script("echo"))["spec"]["args"]
    assert echoed["value"] == "after the fuzz"
    tab.count = echoed["count"]
    tab.echo("once more")  # counted once: nothing of the fuzz is applied late or twice
    tab.close()


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_oversized_events_and_bad_chunks_at_the_non_owner_are_refused(cluster: Cluster, transport: str) -> None:
    tab = routed_tab(cluster, transport)
    wire = tab.wire
    ask = wire.wait_for(is_script("next()"))
    seq = wire.browser.event_seq + 1
    huge = json.dumps({"event": "js_yield", "task_id": ask["task_id"], "seq": seq, "data": "x" * (MAX_PAYLOAD_SIZE + 10)})
    # chunks: a first chunk announcing more than the limit; one that does not follow the event being
    # joined; then a whole event joined from chunks of which the total is over the limit.
    third = MAX_PAYLOAD_SIZE // 2 + 10
    bad_chunks = [{"seq": seq, "index": 0, "count": 2, "data": '{"event": "js_yield", '},
                  {"seq": seq, "index": 5, "count": 9, "data": "zz"}]
    over = [{"seq": seq + 1, "index": i, "count": 3, "data": "y" * third} for i in range(3)]
    if isinstance(wire, HttpTab):
        status, _ = wire.post(b'{"ack": %d, "events": [%s], "wait": 0}' % (wire.browser.applied, huge.encode()))
        assert status == 413
        statuses = [wire.post(json.dumps({"ack": wire.browser.applied, "chunk": chunk, "wait": 0}).encode())[0]
                    for chunk in bad_chunks]
        assert statuses == [200, 200], statuses  # the bad one is rejected (logged), as in one process
        statuses = [wire.post(json.dumps({"ack": wire.browser.applied, "chunk": chunk, "wait": 0}).encode())[0]
                    for chunk in over]
        assert 413 in statuses, statuses
    else:
        wire.send(huge)
        for chunk in bad_chunks + over:
            wire.send(json.dumps({"chunk": chunk}))
        toast = wire.wait_for(lambda c: c["command"] == "toast")
        assert "256" in toast["spec"]["content"], toast  # the too-large notice names the limit
        assert isinstance(wire, WebSocketTab)
        wire.ws.ping().wait(10)
    wire.browser.event_seq = seq + 1
    wire.browser.pending.appendleft(ask)
    tab.echo("after the oversized ones")
    tab.close()


# --------------------------------------------------------------------------- session ids and origins
def test_forged_session_ids_get_nothing_from_either_worker(cluster: Cluster) -> None:
    tab = routed_tab(cluster, "websocket")
    owner_id, other_id = cluster.worker_ids()
    nobody = secrets.token_hex(12)  # a well-formed worker id no worker has
    forged = [forged_id(owner_id) for _ in range(20)] + [forged_id(other_id), forged_id(nobody)]
    malformed = ["../../etc/passwd", f"{owner_id}.short", owner_id, f"{owner_id}.{'A' * 300}",
                 tab.session_id + "x" * 80, tab.session_id.upper()]
    for node in (cluster.other, cluster.owner):
        for session_id in forged + malformed:
            status, _, reply = post(node.url + "http?app=echo&_webio=http", b'{"ack": 0, "events": []}', session_id)
            assert status == 200 and reply["closed"] is True, (session_id, status, reply)
            assert reply.get("session_id") in (None, session_id)  # no session, nothing but what was sent
            assert all(c["command"] in ("toast", "close_session") for f in reply["frames"] for c in f["commands"])
        for session_id in forged[:3] + forged[-2:] + malformed:
            commands, code = ws_answer(node, f"app=echo&session={session_id}&ack=0")
            assert commands[-1]["command"] == "close_session" and code == 1000, (session_id, commands, code)
            assert not [c for c in commands if c["command"] not in ("toast", "close_session")], commands
    tab.echo("after the forged ids")
    tab.close()
    assert "malformed session id" in cluster.other.log(), cluster.other.log()[-3000:]
    assert "its id was made up" in cluster.owner.log(), cluster.owner.log()[-3000:]


def test_cross_origin_requests_are_refused_by_the_worker_that_receives_them(cluster: Cluster) -> None:
    tab = routed_tab(cluster, "http")
    assert isinstance(tab.wire, HttpTab)
    ask = tab.wire.wait_for(is_script("next()"))
    event = {"event": "js_yield", "task_id": ask["task_id"], "data": "forged", "seq": tab.wire.browser.event_seq + 1}
    body = json.dumps({"ack": tab.wire.browser.applied, "events": [event], "wait": 0}).encode()
    # the owner's own origin is still a foreign one for the other worker, which checks it itself
    for origin in (EVIL_ORIGIN, cluster.owner.url.rstrip("/"), "null"):
        status, _, reply = post(tab.wire.url, body, tab.session_id, origin)
        assert status == 403, (origin, status, reply)
        with pytest.raises(InvalidStatus) as refused:
            ws_answer(cluster.other, f"app=echo&session={tab.session_id}&ack={tab.wire.browser.applied}", origin)
        assert refused.value.response.status_code == 403
    tab.wire.browser.pending.appendleft(ask)
    tab.echo("the real answer")  # count 3: the forged answer was never applied
    allowed = Tab(cluster, "http", cluster.owner)  # the one foreign origin the app allows works anywhere
    allowed.move_to(cluster.other)
    ask = allowed.wire.wait_for(is_script("next()"))
    event["task_id"], event["seq"] = ask["task_id"], 1
    status, _, reply = post(allowed.wire.url, json.dumps({"ack": 0, "events": [event]}).encode(),
                            allowed.session_id, ALLOWED_ORIGIN)
    assert status == 200 and not reply["closed"], reply
    tab.close()


# --------------------------------------------------------------------------- Redis written by an attacker
def inbox_garbage(sid: str, sender: str) -> list[dict[str, str]]:
    """Stream entries for a worker's inbox: each field ``m...`` one message, as the bus writes them."""
    messages: list[Any] = [
        "not JSON", "[1, 2]", '"a string"', "{" * 5000, "\xff",
        {"op": ["watch"], "sid": sid, "from": sender},
        {"op": {"a": 1}, "sid": sid, "from": sender},
        {"op": None},
        {"op": "watch", "sid": sid, "from": "NOT A WORKER"},
        {"op": "watch", "sid": "../../etc/passwd", "from": sender},
        {"op": "watch", "sid": [sid], "from": sender, "rid": "r1"},
        {"op": "receive", "sid": sid, "from": sender, "msg": "text"},
        {"op": "receive", "sid": sid, "from": sender, "rid": "r2", "msg": {"event": "js_yield", "seq": "x"}},
        {"op": "receive", "sid": sid, "from": sender, "rid": "r3", "msg": {"event": ["js_yield"], "task_id": 1}},
        {"op": "receive", "sid": sid, "from": sender, "rid": "r4", "msg": {"ack": 1e300}},
        {"op": "chunk", "sid": sid, "from": sender, "rid": "x" * 100, "chunk": {}},
        {"op": "chunk", "sid": sid, "from": sender, "rid": "r5", "chunk": {"seq": "one", "index": -1}},
        {"op": "receive_assembled", "sid": sid, "from": sender, "rid": "r6", "of": ["r5"]},
        {"op": "send", "sid": sid, "from": sender, "name": "run_script", "spec": {"code": "alert(1)"}},
        {"op": "detach", "sid": sid, "from": sender, "rid": "r7", "grace": -1},
        {"op": "detach", "sid": sid, "from": sender, "rid": "r8", "grace": "forever"},
        {"op": "close", "sid": sid, "from": sender, "rid": "r9", "reason": "because"},
        {"op": "close_if_abandoned", "sid": sid, "from": sender, "rid": 7},
        {"op": "changed", "sid": sid, "after": "nowhere", "entries": "many"},
        {"op": "changed", "sid": sid, "after": [0, 0], "entries": [["x", {"k": "f"}]]},
        {"op": "changed", "sid": ["x"]},
        {"op": "reply", "rid": ["r1"]},
        {"op": "reply", "rid": "not-waited-for", "result": True},
        {"op": "gone", "sid": {"a": 1}},
        {"op": "teleport", "sid": sid},
    ]
    texts = [m if isinstance(m, str) else json.dumps(m) for m in messages]
    return [{"m": text} for text in texts] + [{"no-such-field": "1"}, {"m": "{}", "m1": "[]", "m2": "null"}]


def outbox_garbage() -> list[dict[str, str]]:
    """Stream entries for a session's outbox (field ``m``), each wrong in its own way."""
    entries: list[Any] = [
        "not JSON", "[]", {"k": "z"}, {"k": None}, {"k": "f", "seq": "one", "text": "{}"},
        {"k": "f", "seq": 0, "text": "{}"}, {"k": "f", "seq": 3, "text": "not a frame"},
        {"k": "f", "seq": 10 ** 12, "text": json.dumps({"seq": 10 ** 12, "commands": []})},
        {"k": "s", "closed": "yes"},
        {"k": "s", "closed": False, "attachment": "everywhere", "idle": True, "last_event_seq": 1,
         "last_frame_seq": 1, "done": []},
        {"k": "s", "closed": False, "attachment": "attached", "idle": True, "last_event_seq": -5,
         "last_frame_seq": 10 ** 40, "done": "all"},
        {"k": "s", "closed": False, "attachment": "attached", "idle": True, "last_event_seq": 1,
         "last_frame_seq": 1, "done": [], "info": {"bogus_field": "x", "user_language": "xx"}},
    ]
    texts = [e if isinstance(e, str) else json.dumps(e) for e in entries]
    return [{"m": text} for text in texts] + [{"other": "field"}]


def test_malformed_entries_written_into_redis_are_dropped_and_every_tab_goes_on(cluster: Cluster) -> None:
    routed = routed_tab(cluster, "websocket")  # the owner's session, through the other worker
    routed_http = routed_tab(cluster, "http")
    back = Tab(cluster, "websocket", cluster.other)  # the other worker's session, through the owner
    back.echo("on its owner")
    back.move_to(cluster.owner)
    back.echo("through the owner")
    local = Tab(cluster, "websocket", cluster.other)  # a session that never crosses the bus
    local.echo("before")
    owner_id, other_id = cluster.worker_ids()
    client = redis.Redis.from_url(cluster.redis.url)
    try:
        for sid, inbox, sender in ((routed.session_id, owner_id, other_id), (back.session_id, other_id, owner_id),
                                   (routed.session_id, other_id, owner_id)):
            for fields in inbox_garbage(sid, sender):
                client.xadd(f"webio:in:{inbox}", fields)  # type: ignore[arg-type]
        for sid in (routed.session_id, routed_http.session_id, back.session_id):
            for fields in outbox_garbage():
                client.xadd(f"webio:out:{sid}", fields)  # type: ignore[arg-type]
            # and the workers that follow these sessions are told to read their outboxes again
            for worker in (owner_id, other_id):
                client.xadd(f"webio:in:{worker}", {"m": json.dumps({"op": "changed", "sid": sid})})
        deadline = time.monotonic() + 15
        while not all("dropped a message from Redis stream" in node.log() and "refused a" in node.log()
                      for node in (cluster.owner, cluster.other)):  # the inbox readers took it
            assert time.monotonic() < deadline, cluster.other.log()[-3000:]
            time.sleep(0.1)
        # keys of the wrong type where the bus keeps streams: an inbox, and an outbox in use
        client.set(f"webio:in:{other_id}", "not a stream")
        client.set(f"webio:out:{routed_http.session_id}", "not a stream")
    finally:
        client.close()
    for tab in (routed, routed_http, back, local):
        for round_number in range(3):
            tab.echo(f"after the garbage #{round_number}")
    for tab in (routed, back):  # and once more each on a new socket, resumed at the other worker
        tab.move_to(cluster.owner if tab is routed else cluster.other)
        tab.echo("on its owner again")
        tab.close()
    local.close()
    for node in (cluster.owner, cluster.other):
        # each owned an outbox that was written into: it noticed, cleared it and wrote it again
        assert "holds entries this worker did not write" in node.log(), node.log()[-3000:]
    assert "dropped an outbox entry" in cluster.other.log(), cluster.other.log()[-3000:]
    assert "is not a stream" in cluster.other.log(), cluster.other.log()[-3000:]


# --------------------------------------------------------------------------- while Redis is stopped
def test_hostile_requests_during_a_redis_outage_get_the_answers_real_ones_get(cluster: Cluster) -> None:
    """While Redis is stopped the non-owner cannot tell a forged id (a real owner id, random bits of
    our own) from a real session it never served: both are asked to try again (HTTP 503 +
    Retry-After, WebSocket close 1013), identically. Malformed, cross-origin and oversized requests
    get their usual answers; once Redis is back the real tabs go on."""
    followed = routed_tab(cluster, "websocket")  # a session the non-owner serves already
    unseen = {transport: Tab(cluster, transport, cluster.owner) for transport in ("http", "websocket")}
    for tab in unseen.values():
        tab.echo("on its owner")  # never seen by the non-owner
    owner_id, _ = cluster.worker_ids()
    forged = forged_id(owner_id)
    http_tab = unseen["http"]
    http_tab.move_to(cluster.other)
    assert isinstance(http_tab.wire, HttpTab)
    ask = http_tab.wire.wait_for(is_script("next()"))
    event = {"event": "js_yield", "task_id": ask["task_id"], "data": "during", "seq": http_tab.wire.browser.event_seq + 1}
    body = json.dumps({"ack": http_tab.wire.browser.applied, "events": [event], "wait": 0}).encode()
    url = http_tab.wire.url
    ws_browser = unseen["websocket"].wire.browser
    unseen["websocket"].wire.close()
    cluster.redis_down()
    try:
        real = post(url, body, http_tab.session_id)
        fake = post(url, body, forged)
        assert real[0] == fake[0] == 503 and real[2] == fake[2], (real, fake)  # nothing tells them apart
        assert int(real[1]["Retry-After"]) > 0 and real[2]["closed"] is False
        assert post(url, body, http_tab.session_id, EVIL_ORIGIN)[0] == 403  # origin first, outage or not
        assert post(url, b'{"ack": NaN, "events": []}', http_tab.session_id)[0] == 400
        assert post(url, b'{"ack": 0, "events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", forged)[0] == 400
        assert post(url, b"x" * (MAX_PAYLOAD_SIZE + 1), http_tab.session_id)[0] == 413
        malformed = post(url, body, "../../etc/passwd")
        assert malformed[0] == 200 and malformed[2]["closed"] is True  # not worth a retry
        for session_id in (unseen["websocket"].session_id, forged):
            commands, code = ws_answer(cluster.other, f"app=echo&session={session_id}&ack={ws_browser.applied}")
            assert (commands, code) == ([], 1013), session_id  # try again later, no close_session
        with pytest.raises(InvalidStatus):
            ws_answer(cluster.other, f"app=echo&session={forged}&ack=0", EVIL_ORIGIN)
        commands, code = ws_answer(cluster.other, "app=echo&session=..%2F..&ack=0")
        assert commands[-1]["command"] == "close_session" and code == 1000
    finally:
        cluster.redis_back()
    status, _, reply = post(url, body, http_tab.session_id)  # the tab's retry, now routed to the owner
    assert status == 200 and not reply["closed"], reply
    for frame in reply["frames"]:
        http_tab.wire.browser.feed(json.dumps(frame))
    http_tab.wire.browser.event_seq += 1
    http_tab.count += 1
    assert http_tab.wire.wait_for(is_script("echo"))["spec"]["args"] == {"value": "during", "count": http_tab.count}
    http_tab.echo("after the outage")
    unseen["websocket"].wire = WebSocketTab(cluster.other.url, f"app=echo&{ws_browser.resume_query()}")
    unseen["websocket"].wire.browser = ws_browser
    for tab in (unseen["websocket"], followed):
        tab.echo("after the outage")
        tab.close()
