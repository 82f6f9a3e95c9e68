"""Fuzzing every plugin's real server over each transport it serves (the servers of
test_hostile_corpus.py): ``MESSAGES`` hostile messages (10,000 in CI) sent by a scripted tab to one
live echo session. They are the tab's valid messages (an answer to the pending ``eval_js``, an ack,
an input event, a click, two chunks) and the corpus of issue 11, followed by quick random
mutations of them (tests/protocol/fuzzing.py ``variant``: a number swapped for ``NaN``/``1e400``/
``10**30``..., a character inserted, deleted or replaced, the text cut or doubled). Afterwards what a
user would notice: the session was not ended (the socket is open, no HTTP answer said ``closed``),
no HTTP 500, no traceback in the server's output, and the session answers a valid message.

``WEBIO_FUZZ_MESSAGES=100000`` runs a longer fuzz.
"""
from __future__ import annotations

import json
import random
import subprocess
from collections import Counter
from typing import Any, Iterator

import pytest

from network_wire import HttpTab, WebSocketTab, WireTab
from servers import SERVERS, server_output, started
from test_hostile_corpus import MESSAGES as CORPUS
from test_hostile_corpus import SERVED
from tests.protocol.fuzzing import MESSAGES, variants
from wire import is_script

SEED = 11
# Far above any seq a mutation can make of the tab's own (a digit inserted into a one- or two-digit
# seq), and within the 10,000 a session lets an event run ahead of the last one.
FINAL_SEQ_AHEAD = 5_000


@pytest.fixture(scope="module", params=SERVED, ids=[f"{name}-{transport}" for name, transport in SERVED])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    name, transport = request.param
    with started(SERVERS[name], transport) as (url, process):
        yield url, transport, process


def valid_messages(task: str, seq: int, ack: int) -> list[str]:
    """What a tab waiting on ``task`` (the app's ``eval_js``) may send next, valid."""
    submit = json.dumps({"event": "js_yield", "task_id": task, "data": "fuzzed", "seq": seq})
    return [
        json.dumps({"event": "js_yield", "task_id": task, "data": {"a": [1, 2.5, None]}, "seq": seq, "ack": ack}),
        json.dumps({"event": "input_event", "task_id": task, "seq": seq,
                    "data": {"event_name": "change", "name": "x", "value": "y"}}),
        json.dumps({"event": "callback", "task_id": "cb1", "data": 1, "seq": seq}),
        json.dumps({"event": "from_cancel", "task_id": task, "data": None, "seq": seq}),
        json.dumps({"ack": ack}),
        json.dumps({"chunk": {"seq": seq, "index": 0, "count": 2, "data": submit[:20]}}),
        json.dumps({"chunk": {"seq": seq, "index": 1, "count": 2, "data": submit[20:]}}),
    ]


def hostile_messages(task: str, seq: int, ack: int) -> list[str]:
    base = valid_messages(task, seq, ack) + [case(task, seq) for case in CORPUS.values()]
    return variants(base, random.Random(SEED), MESSAGES)


def send_ws(tab: WebSocketTab, texts: list[str]) -> None:
    for index, text in enumerate(texts):
        try:
            text.encode()
        except UnicodeEncodeError:  # a lone surrogate: no text frame can carry it, a binary one can
            tab.ws.send(text.encode("utf-8", "surrogatepass"))
        else:
            tab.send(text)
        if index % 200 == 0:
            drain_ws(tab)
    drain_ws(tab)


def drain_ws(tab: WebSocketTab) -> None:
    """Read what the server sent so far (the echo app answers the accepted messages)."""
    while True:
        try:
            tab.receive(0.01)
        except TimeoutError:
            return


def send_http(tab: HttpTab, texts: list[str]) -> Counter[int]:
    statuses: Counter[int] = Counter()
    for text in texts:
        body = b'{"ack": %d, "events": [%s], "wait": 0}' % (tab.browser.applied, text.encode("utf-8", "surrogatepass"))
        status, reply = tab.post(body)
        statuses[status] += 1
        assert not reply.get("closed"), f"the session was ended after {sum(statuses.values())} messages"
    return statuses


def last_question(tab: WireTab) -> dict[str, Any]:
    """The app's latest ``eval_js("next()")`` (the older ones were answered by accepted messages)."""
    questions = [cmd for cmd in tab.browser.pending if is_script("next()")(cmd)]
    return questions[-1] if questions else tab.wait_for(is_script("next()"))


def test_fuzzing_a_real_server_breaks_no_session(server: tuple[str, str, subprocess.Popen[bytes]]) -> None:
    url, transport, process = server
    tab: WireTab = WebSocketTab(url, "app=echo") if transport == "websocket" else HttpTab(url, "echo")
    try:
        tab.wait_for(is_script("hello"))
        ask = tab.wait_for(is_script("next()"))
        seq = tab.browser.event_seq + 1
        texts = hostile_messages(ask["task_id"], seq, tab.browser.applied)
        assert len(texts) == MESSAGES
        statuses: Counter[int] = Counter()
        if isinstance(tab, WebSocketTab):
            send_ws(tab, texts)
            tab.ws.ping().wait(10)  # the socket is still open
        else:
            assert isinstance(tab, HttpTab)
            statuses = send_http(tab, texts)
            assert set(statuses) <= {200, 400, 413}, statuses  # 413: a doubled corpus message over max_payload_size
            tab.exchange([])  # the frames of the accepted messages
        question = last_question(tab)
        tab.browser.pending.clear()
        tab.browser.event_seq = seq + FINAL_SEQ_AHEAD
        tab.send(tab.event("js_yield", question["task_id"], "after the fuzz"))
        assert tab.wait_for(is_script("echo"))["spec"]["args"]["value"] == "after the fuzz"
        output = server_output(process)
        assert "Traceback" not in output, output[-3000:]
        print(f"{transport}: {len(texts)} messages, answers {dict(statuses)}, "
              f"rejection lines {output.count('rejected')}")
    finally:
        if isinstance(tab, WebSocketTab):
            tab.close()
