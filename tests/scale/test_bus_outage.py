"""Redis down while a tab's request lands on a worker that never served it: the tab keeps its
session and tries again (HTTP 503 + Retry-After, WebSocket close 1013); once Redis is back the same
tab goes on with the same session, nothing lost or repeated.

Two Tornado processes (``tests/scale/outage_node.py``) share a real redis-server that the tests
stop and start again; the Chromium tests reach them through a proxy that moves the tab from the
owner to the other node (``tests/scale/pinned_proxy.py``).
"""
from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Optional

import pytest

from websockets.typing import Origin

from tests.redis_server import RedisServer, free_port, running_redis
from tests.scale.processes import Served, served, served_workers, server_env, wait_for_readiness
from webio.transport.http import SESSION_HEADER

ROUTING_WARNING = "cannot reach the worker owning a session"


@dataclass
class Nodes:
    redis: RedisServer
    owner: Served
    other: Served
    proxy: Served

    def pin(self, node: Served) -> None:
        index = 0 if node is self.owner else 1
        with urllib.request.urlopen(f"{self.proxy.url}_proxy/pin?to={index}", timeout=10) as answer:  # noqa: S310
            assert json.loads(answer.read()) == index

    def redis_down(self) -> None:
        self.redis.stop()
        wait_for_readiness((self.owner, self.other), 503)

    def redis_back(self) -> None:
        self.redis.start_again()
        wait_for_readiness((self.owner, self.other), 200)


@pytest.fixture(scope="module")
def nodes() -> Iterator[Nodes]:
    with ExitStack() as stack:
        redis = stack.enter_context(running_redis())  # its own: the tests stop it
        started = served_workers(stack, "tests.scale.outage_node", redis.url)
        port = free_port()
        proxy = stack.enter_context(served([sys.executable, "-m", "tests.scale.pinned_proxy", str(port),
                                            *[node.url for node in started]], port, server_env(), "the proxy"))
        yield Nodes(redis, started[0], started[1], proxy)


class HttpTab:
    """A tab of the HTTP transport, scripted request by request (its session id, seq and ack)."""

    def __init__(self) -> None:
        self.session_id = ""
        self.seq = 0
        self.ack = 0
        self.commands: list[dict[str, Any]] = []
        self.frame_seqs: list[int] = []

    def post(self, node: Served, events: list[dict[str, Any]], wait: float = 0) -> tuple[int, dict[str, str], Any]:
        headers = {"Content-Type": "application/json"}
        if self.session_id:
            headers[SESSION_HEADER] = self.session_id
        body = json.dumps({"ack": self.ack, "events": events, "wait": wait}).encode()
        request = urllib.request.Request(node.url + "http?app=echo&_webio=http", body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (test URL)
                status, answer_headers, reply = answer.status, dict(answer.headers), json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            status, answer_headers, reply = exc.code, dict(exc.headers), json.loads(exc.read() or b"null")
        if status == 200:
            self.session_id = reply.get("session_id") or self.session_id
            for frame in reply["frames"]:
                if frame.get("seq", 0) > self.ack:
                    self.frame_seqs.append(frame["seq"])
                    self.commands.extend(frame["commands"])
                    self.ack = frame["seq"]
        return status, answer_headers, reply

    def answer(self, text: str, seq: Optional[int] = None) -> dict[str, Any]:
        """The event submitting ``text`` in the form shown last (``seq``: a resend of an earlier one)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        forms = [c for c in self.commands if c["command"] == "input_group"]
        return {"event": "from_submit", "task_id": forms[-1]["task_id"], "data": {"data": text}, "seq": seq}

    @property
    def said(self) -> list[str]:
        return [c["spec"]["content"] for c in self.commands
                if c["command"] == "output" and c["spec"].get("type") == "text" and c["spec"]["content"].startswith("Hello")]

    @property
    def closed(self) -> bool:
        return any(c["command"] == "close_session" for c in self.commands)


def open_sessions(url: str) -> int:
    """How many sessions the endpoint at ``url`` has open (its liveness answer says)."""
    with urllib.request.urlopen(url + "?_webio=health", timeout=10) as answer:  # noqa: S310 (test URL)
        count: int = json.loads(answer.read())["sessions"]
        return count


def outage_warnings(node: Served) -> list[str]:
    return [line for line in node.log().splitlines() if ROUTING_WARNING in line]


def test_http_requests_at_the_other_worker_are_asked_to_retry_while_redis_is_down(nodes: Nodes) -> None:
    tab = HttpTab()
    assert tab.post(nodes.owner, [])[0] == 200  # a new session, on the owner
    assert tab.post(nodes.owner, [tab.answer("before")])[0] == 200
    assert tab.said == ["Hello before #0"]
    warnings_before = len(outage_warnings(nodes.other))

    nodes.redis_down()
    try:
        during = tab.answer("during")
        answers = [tab.post(nodes.other, [during]) for _ in range(20)]  # the tab retrying, a storm of them
        for status, headers, reply in answers:
            assert status == 503, reply
            assert int(headers["Retry-After"]) > 0
            assert reply["closed"] is False and "tries again" in reply["reason"]
        assert tab.post(nodes.other, [], wait=0)[0] == 503  # its polls too
        assert len(outage_warnings(nodes.other)) == warnings_before + 1, nodes.other.log()[-3000:]
    finally:
        nodes.redis_back()

    status, _, reply = tab.post(nodes.other, [during])  # the same event again, now routed to its owner
    assert status == 200 and reply["closed"] is False, reply
    assert tab.post(nodes.other, [during])[0] == 200  # and once more (a retry whose answer was lost)
    assert tab.post(nodes.other, [tab.answer("after")])[0] == 200
    assert tab.said == ["Hello before #0", "Hello during #1", "Hello after #2"]
    assert tab.frame_seqs == list(range(1, len(tab.frame_seqs) + 1))
    assert not tab.closed
    log = nodes.other.log()
    assert "Traceback" not in log and "routed through the bus again" in log, log[-3000:]


def test_a_socket_resumed_at_the_other_worker_is_closed_with_1013_while_redis_is_down(nodes: Nodes) -> None:
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect as ws_connect

    from tests.scale.tabs import said_lines
    from webio.testing import connect

    client = connect(nodes.owner.url, app="echo")
    client.submit("before")
    session_id, ack = client.session_id, client.browser.last_frame_seq
    nodes.redis_down()
    try:
        url = f"{nodes.other.url.replace('http://', 'ws://')}?app=echo&session={session_id}&ack={ack}"
        with ws_connect(url, origin=Origin(nodes.other.url.rstrip("/")), open_timeout=10) as socket:
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=10)  # no frame: no close_session, no toast
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    finally:
        nodes.redis_back()

    client.transport.url = nodes.other.url.replace("http://", "ws://") + "?app=echo"
    client.reconnect()  # the same tab, now on the other worker
    client.submit("after")
    assert said_lines(client) == ["Hello before #0", "Hello after #1"]
    assert not client.closed
    client.close()


@pytest.mark.parametrize("path", ["", "http"], ids=["websocket", "http"])
def test_a_chromium_tab_moved_to_the_other_worker_during_the_outage_goes_on_once_redis_is_back(
        nodes: Nodes, path: str) -> None:
    pytest.importorskip("playwright.sync_api")
    from tests.client.chromium import chromium_for_tests

    nodes.pin(nodes.owner)
    with chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(nodes.proxy.url + path + "?app=echo")

        def answer(round_number: int, text: str) -> None:
            page.get_by_label(f"Name {round_number}").fill(text)
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()

        answer(0, "before")
        page.get_by_text("Hello before #0").wait_for()
        nodes.redis_down()
        try:
            nodes.pin(nodes.other)  # the load balancer sends the tab to the worker that never saw it
            banner = page.locator("#webio-status")
            banner.get_by_text("Reconnecting").wait_for()
            answer(1, "during")  # the user goes on: the answer waits in the tab
            time.sleep(3)  # a few of the tab's retries meet the outage
            assert banner.get_by_text("Reconnecting").is_visible()
            assert "webio-closed" not in (page.locator("body").get_attribute("class") or "")
        finally:
            nodes.redis_back()
        page.get_by_text("Hello during #1").wait_for()
        banner.wait_for(state="hidden")
        answer(2, "after")
        page.get_by_text("Hello after #2").wait_for()
        said = [line for line in page.locator("body").inner_text().splitlines() if line.startswith("Hello")]
        assert said == ["Hello before #0", "Hello during #1", "Hello after #2"]
        assert "webio-closed" not in (page.locator("body").get_attribute("class") or "")
        context.close()
    log = nodes.other.log()
    assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]


def test_the_http_client_of_webio_testing_waits_out_the_outage_as_a_browser_does(nodes: Nodes) -> None:
    import threading

    from tests.scale.tabs import said_lines
    from webio.testing import connect

    client = connect(nodes.owner.url + "http", transport="http", app="echo")
    client.submit("before")
    client.transport.url = nodes.other.url + "http?app=echo&_webio=http"
    nodes.redis_down()
    back = threading.Timer(2, nodes.redis_back)
    back.start()
    try:
        client.submit("during")  # answered 503 + Retry-After until Redis is back, then routed
    finally:
        back.join()
    client.wait_until(lambda c: c.form is not None and c.form.labels == ["Name 2"])
    client.submit("after")
    assert said_lines(client) == ["Hello before #0", "Hello during #1", "Hello after #2"]
    assert not client.closed
    client.close()


def test_a_tab_that_left_the_other_worker_during_the_outage_is_closed_by_its_owner_once_redis_is_back(
        nodes: Nodes) -> None:
    from webio.testing import connect

    client = connect(nodes.owner.url + "short", app="echo")  # reconnect_timeout=1 there
    client.transport.url = nodes.other.url.replace("http://", "ws://") + "short?app=echo"
    client.reconnect()  # served by the other worker now
    client.submit("there")
    assert open_sessions(nodes.owner.url + "short") == 1
    client.transport.drop()  # the tab goes away for good
    time.sleep(0.5)  # the other worker told the owner it is detached
    nodes.redis_down()  # its reconnect deadline passes while Redis is down
    time.sleep(2)
    nodes.redis_back()
    deadline = time.monotonic() + 15
    while open_sessions(nodes.owner.url + "short") != 0:  # the other worker asked the owner again
        assert time.monotonic() < deadline, "the abandoned session was not closed after Redis came back"
        time.sleep(0.3)
    for node in (nodes.owner, nodes.other):
        log = node.log()
        assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]


def test_a_resume_waiting_on_a_stopped_owner_does_not_hold_up_the_other_worker_s_tabs(nodes: Nodes) -> None:
    # Last in the module: the owner is stopped (SIGSTOP) until its heartbeat expires.
    import os
    import signal
    import threading

    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect as ws_connect

    from webio.testing import connect

    remote_ws = connect(nodes.owner.url, app="echo")  # sessions of the owner, never seen by the other worker
    remote_http = HttpTab()
    assert remote_http.post(nodes.owner, [])[0] == 200
    local = connect(nodes.other.url, app="echo")  # a tab of the other worker's own
    local.submit("warm")
    answered: dict[str, float] = {}

    def resume_there() -> None:
        url = (f"{nodes.other.url.replace('http://', 'ws://')}?app=echo&session={remote_ws.session_id}"
               f"&ack={remote_ws.browser.last_frame_seq}")
        with ws_connect(url, origin=Origin(nodes.other.url.rstrip("/")), open_timeout=30) as socket:
            try:
                socket.recv(timeout=30)
            except ConnectionClosed:
                pass
        answered["websocket resume"] = time.monotonic()

    def poll_there() -> None:
        remote_http.post(nodes.other, [])
        answered["http request"] = time.monotonic()

    os.kill(nodes.owner.process.pid, signal.SIGSTOP)  # the owner hangs; its heartbeat lasts a few seconds more
    try:
        waiting = [threading.Thread(target=resume_there), threading.Thread(target=poll_there)]
        for thread in waiting:
            thread.start()
        time.sleep(0.5)  # both wait for the owner now
        local.submit("meanwhile")  # a round trip of the other tab, on the same worker and loop
        answered["other tab"] = time.monotonic()
        for thread in waiting:
            thread.join(60)
    finally:
        os.kill(nodes.owner.process.pid, signal.SIGCONT)
    assert "Hello meanwhile #1" in local.text
    assert set(answered) == {"websocket resume", "http request", "other tab"}, answered
    assert answered["other tab"] < min(answered["websocket resume"], answered["http request"]), answered
    local.close()
    remote_ws.close()
