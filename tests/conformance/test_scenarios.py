"""The same user-visible scenarios over every plugin × transport × session kind, on real servers.

Each test runs once per running server of ``servers.SERVERS`` and transport (the session-scoped
``server`` fixture of conftest.py) and once per session kind (``kind``: the thread-based app or
its ``async def`` twin from apps/conformance_apps.py). Most scenarios act through
``webio.testing.connect`` as a browser tab would; the ones about what a well-behaved tab never
sends (malformed, oversized, replayed messages) use the raw tabs of ``network_wire``.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any, Callable

import pytest
from conformance_apps import UPLOAD_LIMIT
from matrix import SESSION_KINDS, Server
from network_wire import HttpTab, WebSocketTab, has_text, is_command, open_tab, round_trip_and_resume
from scenario_apps import ALLOWED_ORIGIN, MAX_PAYLOAD_SIZE, RECONNECT_TIMEOUT, SESSION_EXPIRE_SECONDS
from servers import DOCUMENTED_GUNICORN, running
from wire import is_script

from webio.testing.network import NetworkClient

pytestmark = pytest.mark.timeout(120)
Open = Callable[..., NetworkClient]
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


# A WebSocket client calls the app idle once every event is acknowledged and no frame came for a
# moment; on a busy machine an app may take longer than that. So, like a browser test, assertions
# about what the app shows wait (up to the client's timeout) for it to show.
def wait_text(client: NetworkClient, text: str) -> str:
    """The page text once it contains ``text``."""
    return str(client.wait_until(lambda c: text in c.text and c.text))


def ends(client: NetworkClient, text: str) -> bool:
    return bool(client.wait_until(lambda c: c.text.endswith(text)))


def shows(client: NetworkClient, text: str) -> bool:
    return bool(wait_text(client, text))


def asks(client: NetworkClient, label: str) -> Any:
    """The form once it is the one labelled ``label``."""
    return client.wait_until(lambda c: c.form is not None and label in (c.form.label, *c.form.labels) and c.form)


def scope_is(client: NetworkClient, scope: str, text: str) -> bool:
    return bool(client.wait_until(lambda c: c.has_scope(scope) and c.scope(scope).text == text))


# --------------------------------------------------------------------------- outputs
def test_text_markdown_table_and_buttons(open_app: Open) -> None:
    client = open_app("outputs", ready="Red Blue")
    assert client.text == "plain text\nMarkdown title\n\nsome emphasis\nname\tage\nAda\t36\nBob\t7\nRed Blue"
    assert client.find("markdown")[0].text.startswith("Markdown title")
    assert client.find("table")[0].rows == [["name", "age"], ["Ada", "36"], ["Bob", "7"]]
    assert client.find("buttons")[0].labels == ["Red", "Blue"]
    client.click("Blue")
    assert ends(client, "pressed Blue")
    client.click("Red")
    assert ends(client, "pressed Blue\npressed Red")


def test_scopes_positions_and_clear(open_app: Open) -> None:
    client = open_app("scopes")
    assert client.scope("a").text == "first in a\nin a"
    assert client.scope("b").text == "new b"
    assert "old b" not in client.text
    assert client.text.startswith("top\nfirst in a\nin a\nnew b")


# --------------------------------------------------------------------------- inputs
def test_input_validation_error_then_success(open_app: Open) -> None:
    client = open_app("validation")
    client.submit(12)
    client.wait_until(lambda c: c.form is not None and c.form["data"].invalid_feedback == "must be 18 or older")
    client.submit(30)
    assert ends(client, "age 30 (int)")


def test_input_group_maps_choices_back_to_python_objects(open_app: Open) -> None:
    client = open_app("group")
    assert client.form.labels == ["Pick one", "Pick some", "Pick a radio", "Level", "Weight"]
    assert [option.label for option in client.form["sel"].options] == ["one", "pair", "none"]
    client.submit(sel="pair", chk=["x", "y", "z"], rad="beta", lvl=7, kg=61.5)
    assert ends(client, "group sel=(2, 2) chk=[{'x': 1}, [1, 2], None] rad=frozenset({3}) lvl=7 kg=61.5")


def test_actions_buttons_return_their_values(open_app: Open) -> None:
    client = open_app("action_buttons")
    client.press("Save")
    assert ends(client, "chose {'saved': True}")


def test_cancelable_group_gives_none(open_app: Open) -> None:
    client = open_app("cancelable")
    client.cancel()
    asks(client, "Again")
    assert "group gave None" in client.text
    client.submit(note="kept")
    assert ends(client, "then {'note': 'kept'}")


def test_input_onchange_updates_another_input(open_app: Open) -> None:
    client = open_app("onchange")
    client.fill(c=100)
    client.wait_until(lambda c: c.form["f"].value == 212)
    client.submit()
    assert ends(client, "100.0 C = 212.0 F")


def test_file_upload_content_arrives(open_app: Open) -> None:
    content = bytes(range(256)) * 3
    client = open_app("upload")
    client.upload("data", [("bytes.bin", content)], submit=True)
    assert ends(client, f"file bytes.bin 768 bytes sha {hashlib.sha256(content).hexdigest()[:12]}")


def test_file_upload_over_max_size_is_refused_by_the_server(open_app: Open) -> None:
    client = open_app("upload")
    client.upload("data", [("big.txt", b"x" * (UPLOAD_LIMIT + 1))], submit=True)
    client.wait_until(lambda c: c.form is not None and "larger than the limit" in c.form["data"].invalid_feedback)
    assert "file big.txt" not in client.text
    client.upload("data", [("small.txt", b"ok")], submit=True)
    assert shows(client, "file small.txt 2 bytes")


# --------------------------------------------------------------------------- callbacks
def test_button_callbacks_keep_state(open_app: Open) -> None:
    client = open_app("callbacks", ready="Reset")
    for _ in range(3):
        client.click("+1")
    client.click("+10")
    assert scope_is(client, "count", "count 13")
    client.click("Reset")
    assert scope_is(client, "count", "count 0")


def test_clickable_outputs(open_app: Open) -> None:
    client = open_app("clickable", ready="or this")
    client.click("Click this text")
    assert ends(client, "the text was clicked")
    client.click("or this")
    assert ends(client, "the markdown was clicked")


def test_popup_opens_and_closes(open_app: Open) -> None:
    client = open_app("popups", ready="Open popup")
    assert client.popup is None
    client.click("Open popup")
    client.wait_until(lambda c: c.popup is not None and c.popup.title == "A popup" and "Close it" in c.popup.text)
    assert "inside the popup" in client.popup.text
    client.click("Close it")
    client.wait_until(lambda c: c.popup is None)


def test_toasts_show_and_call_back(open_app: Open) -> None:
    client = open_app("toasts")
    client.wait_until(lambda c: len(c.toasts) == 2)
    assert [(t.content, t.color) for t in client.toasts] == [("Saved!", "success"), ("Careful", "warn")]
    client.click("Saved!")
    assert ends(client, "toast clicked")


# --------------------------------------------------------------------------- pins
def test_pin_write_and_read(open_app: Open) -> None:
    client = open_app("pins", ready="Read pins")
    assert client.pin["name"] == "written by the app"
    assert client.pin["color"] == "green"
    client.click("Read pins")
    assert ends(client, "read name='written by the app' color='g'")
    client.set_pin("name", "typed")
    client.set_pin("color", "red")
    client.click("Read pins")
    assert ends(client, "read name='typed' color='r'")


def test_pin_wait_change(open_app: Open) -> None:
    client = open_app("pin_wait", ready="Level")
    client.set_pin("query", "hello")
    assert ends(client, "changed query to 'hello'")
    client.set_pin("level", 9)
    wait_text(client, "timeout gives None")
    assert shows(client, "changed level to 9")


def test_pin_on_change(open_app: Open) -> None:
    client = open_app("pin_callback", ready="Level")
    client.set_pin("level", 5)
    assert ends(client, "level is now 5")
    client.set_pin("level", 8)
    assert ends(client, "level is now 5\nlevel is now 8")


# --------------------------------------------------------------------------- browser side
def _answer_js(code: str, args: dict[str, Any]) -> Any:
    if code == "a + b":
        return args["a"] + args["b"]
    return {"list": [1, "two"], "nested": {"ok": True}}


def test_eval_js_run_js_set_env_and_download(open_app: Open) -> None:
    client = open_app("javascript", js=_answer_js)
    wait_text(client, "eval total=5")
    assert "eval total=5 shape={'list': [1, 'two'], 'nested': {'ok': True}}" in client.text
    client.wait_until(lambda c: c.downloads)
    run = [s for s in client.scripts if not s.eval]
    assert [(s.code, s.args) for s in run] == [("document.title = title", {"title": "from run_js"})]
    assert client.env["title"] == "Conformance" and client.env["output_animation"] is False
    assert [(d.name, d.content) for d in client.downloads] == [("report.csv", b"name,age\nAda,36\n")]


# --------------------------------------------------------------------------- sessions
def test_session_info(server: Server, open_app: Open) -> None:
    client = open_app("session_info", headers={"User-Agent": FIREFOX, "Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    lines = wait_text(client, "request=").splitlines()
    port = server.url.split(":")[2].split("/")[0]
    assert lines == [
        f"backend={server.spec.backend}",
        f"protocol={server.transport}",
        "browser=Firefox os=Linux mobile=False",
        "language=de-DE",
        "user_ip=127.0.0.1",
        f"server_host=127.0.0.1:{port}",
        lines[6],  # the origin: see test_cross_origin_refused_allowed_origin_accepted
        f"request={server.spec.request_type_for(server.transport)}",
    ]


def test_local_state_per_session(open_app: Open) -> None:
    client = open_app("local_state")
    client.submit("Ada")
    shows(client, "Visit")
    client.click("Visit")
    client.click("Visit")
    assert ends(client, "Ada visited 1 times\nAda visited 2 times")


def test_two_sessions_are_isolated(open_app: Open) -> None:
    ada, bob = open_app("local_state"), open_app("local_state")
    ada.submit("Ada")
    bob.submit("Bob")
    shows(ada, "Visit")
    shows(bob, "Visit")
    bob.click("Visit")
    ada.click("Visit")
    ada.click("Visit")
    assert ends(ada, "Ada visited 1 times\nAda visited 2 times") and ends(bob, "Bob visited 1 times")
    assert "Bob" not in ada.text and "Ada" not in bob.text
    assert ada.session_id != bob.session_id


def _departed(open_app: Open, token: str, wait: float) -> str:
    """Ask fresh sessions, every half second for up to ``wait`` seconds, whether ``token`` departed
    (short sessions: a long-waiting one would itself be subject to the expiry it observes)."""
    deadline = time.monotonic() + wait
    while True:
        client = open_app("departures")
        client.submit(token=token, patience=0)
        answer = client.wait_until(lambda c: "departed:" in c.text and c.text, timeout=15).splitlines()[-1]
        client.close()
        if answer.endswith("True") or time.monotonic() >= deadline:
            return answer
        time.sleep(0.5)


def test_defer_call_runs_when_the_app_finishes(open_app: Open) -> None:
    token = secrets.token_hex(4)
    client = open_app("deferred")
    client.submit(token)
    client.wait_closed()
    assert shows(client, f"bye {token}")
    assert _departed(open_app, token, 5) == f"{token} departed: True"


def test_app_error_is_shown_and_the_server_keeps_serving(open_app: Open) -> None:
    client = open_app("failing", ready="Fail now?")
    client.click("Fail in callback")
    assert shows(client, "An internal error occurred in the application (a callback)")
    client.click("Works")
    assert shows(client, "callbacks still work")
    client.submit("yes")
    client.wait_closed()
    assert shows(client, "An internal error occurred in the application (the app function)")
    again = open_app("failing", ready="Fail now?")
    assert again.text == "before the failure\nFail in callback\nWorks\nFail now?"
    again.click("Works")
    assert shows(again, "callbacks still work")


def test_malformed_messages_are_rejected_and_the_session_continues(server: Server, kind: str) -> None:
    tab = open_tab(server.url, server.transport, "validation" + SESSION_KINDS[kind])
    try:
        form = tab.wait_for(is_command("input_group"))
        task = form["task_id"]
        for bad in ["not json", "[1, 2]", '{"event": "no_such_event", "task_id": "x"}',
                    json.dumps({"event": "from_submit", "task_id": 5, "data": {"data": 40}}),
                    json.dumps({"event": "from_submit", "task_id": task, "data": {"data": 41}, "seq": "one"}),
                    json.dumps({"event": "input_event", "task_id": task, "data": "not an object"})]:
            tab.send(bad)
        if isinstance(tab, HttpTab):
            status, _ = tab.post(b"{not json")
            assert status == 400
        tab.send(tab.event("from_submit", task, {"data": 42}))
        shown = tab.wait_for(has_text("age "))
        assert "age 42 (int)" in json.dumps(shown["spec"])
    finally:
        tab.close()


def test_oversize_message_is_rejected(server: Server, kind: str) -> None:
    """HTTP: 413. WebSocket: the message is dropped and the tab gets a toast saying so, on the same
    socket; the session goes on and answers the next event (the app never saw the big one)."""
    app = "validation" + SESSION_KINDS[kind]
    tab = open_tab(server.url, server.transport, app)
    try:
        task = tab.wait_for(is_command("input_group"))["task_id"]
        huge = tab.event("from_submit", task, {"data": "9" * (MAX_PAYLOAD_SIZE + 1)})
        if isinstance(tab, HttpTab):
            status, _ = tab.send(huge)
            assert status == 413
            tab.browser.event_seq -= 1  # that event never reached the session: reuse its number
        else:
            tab.send(huge)
            toast = tab.wait_for(is_command("toast"))  # fails if the server closes the socket instead
            assert toast["spec"]["content"] == ("That was too large to send (limit 256 KiB); "
                                                "nothing was submitted.")
        tab.send(tab.event("from_submit", task, {"data": 43}))
        shown = tab.wait_for(has_text("age "))
        assert "age 43 (int)" in json.dumps(shown["spec"])
    finally:
        tab.close()


def test_cross_origin_refused_allowed_origin_accepted(server: Server, open_app: Open) -> None:
    evil = {"Origin": "http://evil.example"}
    if server.transport == "websocket":
        from websockets.exceptions import InvalidStatus

        with pytest.raises(InvalidStatus) as refused:
            WebSocketTab(server.url, "app=session_info", additional_headers=evil)
        assert refused.value.response.status_code == 403
    else:
        post = urllib.request.Request(server.url + "?app=session_info&_webio=http", data=b"{}", method="POST",
                                      headers={**evil, "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused_post:
            urllib.request.urlopen(post, timeout=10)
        assert refused_post.value.code == 403
    client = open_app("session_info", headers={"Origin": ALLOWED_ORIGIN})
    assert f"origin={ALLOWED_ORIGIN}" in wait_text(client, "request=").splitlines()


def test_reconnect_resumes_without_loss_or_duplicates(server: Server, kind: str, open_app: Open) -> None:
    """WebSocket: the connection drops (even with a frame in flight) and the tab resumes.
    HTTP: a response is lost; the resent request is not processed twice and re-delivers it."""
    suffix = SESSION_KINDS[kind]
    if server.transport == "websocket":
        hello = round_trip_and_resume(server.url, "echo" + suffix)
        assert hello["spec"]["args"]["backend"] == server.spec.backend
        client = open_app("callbacks", ready="Reset")
        client.click("+1")
        session_id = client.session_id
        client.reconnect()
        client.click("+10")
        assert scope_is(client, "count", "count 11") and client.session_id == session_id
        return
    tab = HttpTab(server.url, "echo" + suffix)
    hello = tab.wait_for(is_script("hello"))
    assert hello["spec"]["args"]["backend"] == server.spec.backend
    ask = tab.wait_for(is_script("next()"))
    event = json.loads(tab.event("js_yield", ask["task_id"], "one"))
    lost = json.dumps({"ack": tab.browser.applied, "events": [event]}).encode()
    request = urllib.request.Request(tab.url, data=lost, method="POST", headers={
        "Content-Type": "application/json", "Webio-Session-Id": tab.session_id})
    urllib.request.urlopen(request, timeout=10).close()  # the answer never reaches the tab
    tab.exchange([event])  # the tab sends it again
    assert tab.wait_for(is_script("echo"))["spec"]["args"] == {"value": "one", "count": 1}
    ask = tab.wait_for(is_script("next()"))
    tab.exchange([json.loads(tab.event("js_yield", ask["task_id"], "two"))])
    assert tab.wait_for(is_script("echo"))["spec"]["args"] == {"value": "two", "count": 2}
    assert tab.browser.duplicates == 0


def test_finished_session_is_released(server: Server, kind: str, open_app: Open) -> None:
    client = open_app("deferred")
    client.submit("done")
    client.wait_closed()
    session_id, seen = client.session_id, client.browser.last_frame_seq
    if server.transport == "websocket":
        tab = WebSocketTab(server.url, f"app=deferred{SESSION_KINDS[kind]}&session={session_id}&ack={seen}")
        try:
            tab.wait_for(is_command("close_session"))
        finally:
            tab.close()
    else:
        tab = HttpTab(server.url, "deferred" + SESSION_KINDS[kind])
        status, reply = tab.post(json.dumps({"ack": seen, "events": []}).encode(), session_id=session_id)
        assert status == 200 and reply["closed"] is True


def test_closed_tab_releases_its_session(server: Server, kind: str, open_app: Open) -> None:
    """The tab of ``stay`` closed right after the server started (conftest): once the server gave
    up on it (reconnect timeout, or HTTP session expiry), its deferred call has run."""
    token = server.departed[kind]
    patience = (RECONNECT_TIMEOUT if server.transport == "websocket" else SESSION_EXPIRE_SECONDS) + 5
    assert _departed(open_app, token, patience) == f"{token} departed: True"


def test_documented_gunicorn_serves_nine_open_tabs() -> None:
    """Nine tabs polling as the browser client does (``http_poll_wait`` 20 s) on a threaded worker
    as docs/frameworks.md shows it (``gunicorn -w 1 --threads 64``): a click in the last one must
    still be answered. (Up to ``http_max_held_polls`` tabs hold a thread during their long poll;
    the others poll once a second.)"""
    from webio.testing.network import HttpTransport

    if DOCUMENTED_GUNICORN.missing():
        pytest.skip(f"needs {DOCUMENTED_GUNICORN.missing()}: pip install webio[all]")
    tabs: list[NetworkClient] = []
    with running(DOCUMENTED_GUNICORN, "http") as url:
        try:
            for _ in range(9):
                transport = HttpTransport(url + "?app=callbacks", poll_wait=20.0, request_timeout=5.0)
                tabs.append(NetworkClient(transport, timeout=5.0))
                tabs[-1].wait_until(lambda c: "Reset" in c.text)
            tabs[-1].click("+1", wait=False)
            assert scope_is(tabs[-1], "count", "count 1")
        finally:
            for tab in tabs:
                tab.close()


def test_unknown_app_is_not_found(server: Server) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(server.url + "?app=no_such_app", timeout=10)
    assert missing.value.code == 404


# --------------------------------------------------------------------------- policy in the core
def test_body_over_max_payload_size_gets_the_same_413_everywhere(server: Server) -> None:
    """Every plugin answers an HTTP-transport body over max_payload_size with the core's 413 and text
    (the request never reaches a session; this holds whatever transport the page uses)."""
    body = json.dumps({"ack": 0, "events": ["9" * (MAX_PAYLOAD_SIZE + 10)]}).encode()
    post = urllib.request.Request(server.url + "?app=validation&_webio=http", data=body, method="POST",
                                  headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(post, timeout=10)
    assert refused.value.code == 413
    assert refused.value.read().decode() == (f"Request body larger than max_payload_size ({MAX_PAYLOAD_SIZE} bytes): "
                                             "raise max_payload_size to accept it")


def test_websocket_rules_are_the_same_everywhere(server: Server) -> None:
    """WebSocket: a binary message is read as UTF-8 JSON like a text one, and one that is not UTF-8
    is dropped while the session goes on. HTTP transport: a WebSocket handshake at the app's URL is
    refused (the page of such an app never opens one)."""
    from websockets.exceptions import InvalidStatus

    if server.transport == "http":
        with pytest.raises(InvalidStatus) as refused:
            WebSocketTab(server.url, "app=validation")
        assert refused.value.response.status_code in (400, 403)
        return
    tab = WebSocketTab(server.url, "app=validation")
    try:
        task = tab.wait_for(is_command("input_group"))["task_id"]
        tab.ws.send(b"\xff\xfe not UTF-8")
        tab.ws.send(tab.event("from_submit", task, {"data": 44}).encode())
        shown = tab.wait_for(has_text("age "))
        assert "age 44 (int)" in json.dumps(shown["spec"])
    finally:
        tab.close()
