"""The envelope of docs/protocol.md: seq/ack, replays, reconnect, and the HTTP long-poll transport."""

from __future__ import annotations

import time
from typing import Any

from .conftest import cmd, out


def test_replayed_frames_are_dropped_and_events_numbered(client: Any) -> None:
    client.send(out("text", content="once"), seq=1)
    client.send(out("text", content="once"), seq=1)
    client.send(out("text", content="twice"), seq=2)
    client.settle()
    assert client.page.locator("#webio-scope-ROOT > *").all_inner_texts() == ["once", "twice"]
    client.server.seq = 2
    client.send(out("buttons", callback_id="c", buttons=[{"label": "B", "value": 0}]))
    client.settle()
    client.page.get_by_role("button", name="B").click()
    client.page.get_by_role("button", name="B").click()
    first, second = client.server.event(name="callback"), client.server.event(name="callback")
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["ack"] == 3


def test_frames_arriving_early_wait_for_the_ones_before_them(client: Any) -> None:
    """Two HTTP answers can cross: frame 3 before frame 2. Nothing is lost, nothing doubled."""
    client.send(out("text", content="one"), seq=1)
    client.send(out("text", content="three"), seq=3)
    client.page.get_by_text("one", exact=True).wait_for()
    client.page.wait_for_timeout(300)
    assert client.page.locator("#webio-scope-ROOT > *").all_inner_texts() == ["one"]
    client.send(out("text", content="two"), seq=2)
    client.send(out("text", content="three"), seq=3)
    client.settle()
    assert client.page.locator("#webio-scope-ROOT > *").all_inner_texts() == ["one", "two", "three"]


def test_session_gone_frame_without_seq_shows_the_closed_state(client: Any) -> None:
    client.send(out("text", content="hello"), seq=1)
    client.settle()
    client.server.send_raw({"commands": [cmd("close_session")]})  # what a server sends for a gone session
    client.page.wait_for_function("() => window.webio.session.closeAnnounced === true")
    client.server.drop_socket()
    client.page.wait_for_function("() => document.title.startsWith('[')")
    assert client.page.locator("#webio-status").is_visible()


def test_pure_ack_sent_within_a_second(client: Any) -> None:
    client.send(out("text", content="x"))
    deadline = time.monotonic() + 3
    while not client.server.acks and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.server.acks and client.server.acks[-1] == 1


def test_pure_ack_every_64_frames(client: Any) -> None:
    # 64 frames in one WebSocket message: the count rule acks at once, long before the 1 s timer.
    frames = [{"seq": i + 1, "commands": [out("text", content=str(i))]} for i in range(64)]
    client.server.send_raw(frames)
    deadline = time.monotonic() + 0.8
    while not client.server.acks and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client.server.acks and client.server.acks[0] == 64
    assert client.page.locator("#webio-scope-ROOT > p").count() == 64


def test_pure_ack_frames_from_server_are_fine(client: Any) -> None:
    client.server.send_raw({"ack": 0})
    client.send(out("text", content="after ack"))
    client.settle()
    assert "after ack" in client.text()


def test_reconnect_resumes_and_resends_unacked_events(make_harness: Any) -> None:
    h = make_harness(reconnect_timeout=10)
    h.send(cmd("set_session_id", "SID-1"), out("buttons", callback_id="c", buttons=[{"label": "B", "value": 0}]))
    h.settle()
    h.page.get_by_role("button", name="B").click()
    assert h.server.event(name="callback")["seq"] == 1
    h.server.refuse_websocket = True
    h.server.drop_socket()
    h.page.get_by_text("Connection lost. Reconnecting").wait_for()
    # A click while disconnected waits for the connection.
    h.page.get_by_role("button", name="B").click()
    # A frame the browser has not seen yet; it is replayed on resume.
    h.server.frames.append({"seq": 2, "commands": [out("text", content="missed while away")]})
    h.server.seq = 2
    h.server.refuse_websocket = False
    h.server.wait_connected(count=2)
    assert h.server.connects[-1] == {"app": "index", "session": "SID-1", "ack": "1"}
    resent = [h.server.event(name="callback"), h.server.event(name="callback")]
    assert [e["seq"] for e in resent] == [1, 2]  # 1 was never acked by the server: resent too
    h.page.get_by_text("missed while away").wait_for()
    assert not h.page.get_by_text("Connection lost").is_visible()


def test_reconnect_gives_up_after_the_timeout(make_harness: Any) -> None:
    h = make_harness(reconnect_timeout=1)
    h.send(cmd("set_session_id", "SID-2"))
    h.settle()
    h.server.refuse_websocket = True
    h.server.drop_socket()
    h.page.get_by_text("The session has ended").wait_for(timeout=8000)


def test_http_transport_roundtrip(make_harness: Any) -> None:
    h = make_harness(transport="http")
    h.send(
        cmd("set_session_id", "S1"),
        out("text", content="over http"),
        out("buttons", callback_id="hc", buttons=[{"label": "Press", "value": 0}]),
    )
    h.settle()
    assert "over http" in h.text()
    h.page.get_by_role("button", name="Press").click()
    ev = h.server.event(name="callback")
    assert ev["task_id"] == "hc" and ev["seq"] == 1
    assert any(c["session"] == "S1" for c in h.server.connects)
    h.send(cmd("run_script", {"code": "1 + 1", "args": {}, "eval": True}, task_id="e"))
    assert h.server.event(name="js_yield")["data"] == 2


def test_http_transport_closed(make_harness: Any) -> None:
    h = make_harness(transport="http")
    h.send(out("text", content="hi"))
    h.settle()
    h.server.http_closed = True
    h.send(out("text", content="bye"))
    h.page.get_by_text("The session has ended").wait_for()


def test_http_plain_polling_follows_http_pull_interval(make_harness: Any) -> None:
    h = make_harness(transport="http", http_poll_wait=0)
    h.send(cmd("set_env", {"http_pull_interval": 150}))
    h.settle()
    time.sleep(0.3)
    before = len(h.server.connects)
    time.sleep(1.5)
    polls = len(h.server.connects) - before
    assert 5 <= polls <= 14, polls  # about one every 150 ms (the default is one a second)
