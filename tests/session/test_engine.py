"""Layer 1/2: the session engine under both drivers — flows, callbacks, close semantics, cleanup."""
import asyncio
import threading
import time

import pytest

from webio.exceptions import SessionClosedException, SessionNotFoundException
from webio.session import defer_call, eval_js, hold, local, run_async, run_js, set_env
from webio.session.context import get_current_session
from webio.session.state import CloseReason, SessionState, check_transition


def text(session, content):
    session.send("output", {"type": "text", "content": content})


def showing_eval_js(code):
    """A thread app and a coroutine app that show ``got <what the browser answered to code>``."""
    def app():
        text(get_current_session(), f"got {eval_js(code)}")

    async def async_app():
        text(get_current_session(), f"got {await eval_js(code)}")

    return app, async_app


def shows(text_):
    """Whether the commands sent so far include the output text ``text_``."""
    return lambda commands: text_ in [x["spec"].get("content") for x in commands if x["command"] == "output"]


def test_eval_js_round_trip(start):
    browser = start(*showing_eval_js("1+1"))
    script = browser.wait_command("run_script")
    assert script["spec"] == {"code": "1+1", "args": {}, "eval": True}
    browser.send("js_yield", script["task_id"], 2)
    browser.wait_for(shows("got 2"))
    browser.wait_command("close_session")
    assert browser.session.state is SessionState.CLOSED


def test_events_for_unknown_tasks_are_dropped_and_the_session_goes_on(start):
    browser = start(*showing_eval_js("x"))
    script = browser.wait_command("run_script")
    browser.send("js_yield", "no-such-task", "bad")
    browser.send("callback", "no-such-callback", 1)
    browser.send("js_yield", script["task_id"], "good")
    browser.wait_for(shows("got good"))


def test_duplicate_event_seq_is_processed_once(start):
    clicks = []

    def app():
        session = get_current_session()
        cid = session.register_callback(clicks.append)
        text(session, cid)

    async def async_app():
        app()

    browser = start(app, async_app)
    cid = browser.wait_command("output")["spec"]["content"]
    from webio.protocol import decode_client_message
    message = decode_client_message('{"event": "callback", "task_id": "%s", "data": 7, "seq": 1}' % cid)
    assert browser.session.receive(message) is True
    assert browser.session.receive(message) is False  # a resend after reconnect
    deadline = time.monotonic() + 2
    while not clicks and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert clicks == [7]


def test_app_with_callbacks_is_held_until_browser_leaves(start):
    clicked = threading.Event()
    closed = threading.Event()

    def app():
        session = get_current_session()
        cid = session.register_callback(lambda data: (text(get_current_session(), f"clicked {data}"), clicked.set()))
        defer_call(closed.set)
        text(session, cid)

    async def async_app():
        app()

    browser = start(app, async_app)
    cid = browser.wait_command("output")["spec"]["content"]
    browser.wait_for(lambda c: browser.session.state is SessionState.HOLDING)
    browser.send("callback", cid, "A")
    assert clicked.wait(2)
    browser.wait_for(lambda c: "clicked A" in browser.texts())
    assert not closed.is_set()
    browser.session.close(CloseReason.BROWSER_LEFT)
    assert closed.wait(2)
    assert browser.session.state is SessionState.CLOSED


def test_waiting_app_gets_session_closed_when_browser_leaves(start):
    outcome = []

    def app():
        try:
            eval_js("never answered")
        except SessionClosedException:
            outcome.append("closed")

    async def async_app():
        try:
            await eval_js("never answered")
        except SessionClosedException:
            outcome.append("closed")

    browser = start(app, async_app)
    browser.wait_command("run_script")
    browser.session.close()
    browser.wait_for(lambda c: outcome == ["closed"])
    with pytest.raises(SessionClosedException, match="closed"):
        text(browser.session, "too late")


def test_app_error_is_shown_and_closes_the_session(start, caplog):
    def app():
        raise ZeroDivisionError("boom")

    async def async_app():
        raise ZeroDivisionError("boom")

    browser = start(app, async_app)
    alert = browser.wait_for(lambda c: [x for x in c if x["command"] == "output" and x["spec"]["type"] == "alert"])
    assert "internal error" in alert[0]["spec"]["contents"][0]["content"]
    browser.wait_command("close_session")
    assert "boom" in caplog.text


def test_local_is_per_session(start):
    def app():
        local.name = "x"
        text(get_current_session(), f"{local.name} {local.missing} {'name' in local}")

    async def async_app():
        app()

    first = start(app, async_app)
    first.wait_for(lambda c: "x None True" in first.texts())


def test_set_env_and_run_js_commands(start):
    def app():
        set_env(title="T", output_animation=False)
        run_js("console.log(a)", a=1)

    async def async_app():
        app()

    browser = start(app, async_app)
    assert browser.wait_command("set_env")["spec"] == {"title": "T", "output_animation": False}
    assert browser.wait_command("run_script")["spec"] == {"code": "console.log(a)", "args": {"a": 1}, "eval": False}
    with pytest.raises(TypeError, match="unknown settings"):
        from webio.session import context
        token = context.current_session_var.set(browser.session)
        try:
            set_env(titel="typo")
        finally:
            context.current_session_var.reset(token)


def test_outside_a_session_the_error_says_what_to_do():
    from webio.session import context
    old = context.server_mode
    context.server_mode = True
    try:
        with pytest.raises(SessionNotFoundException, match="register_thread"):
            run_js("1")
    finally:
        context.server_mode = old


def test_state_transitions_name_the_expected_state():
    check_transition(SessionState.RUNNING, SessionState.HOLDING)
    with pytest.raises(RuntimeError, match="expected one of"):
        check_transition(SessionState.CLOSED, SessionState.RUNNING)


# ----------------------------------------------------------------------- thread-only semantics
def thread_session_with_callback(callback, **mode):
    """A started thread session whose app registers ``callback`` (with ``mode``) and shows its id:
    the session, its fake browser and the callback id."""
    from tests.session.conftest import FakeBrowser
    from webio.session import ThreadSession

    def app():
        session = get_current_session()
        text(session, session.register_callback(callback, **mode))

    session = ThreadSession(app)
    browser = FakeBrowser(session)
    session.start()
    return session, browser, browser.wait_command("output")["spec"]["content"]


def test_serial_mode_runs_callbacks_one_after_another():
    running = []
    overlaps = []

    def slow(data):
        running.append(data)
        if len(running) > 1:
            overlaps.append(list(running))
        time.sleep(0.05)
        running.remove(data)

    session, browser, cid = thread_session_with_callback(slow, serial_mode=True)
    for i in range(4):
        browser.send("callback", cid, i)
    browser.wait_for(lambda c: session.is_idle, timeout=3)
    assert overlaps == []
    session.close()


def test_mutex_mode_drops_clicks_while_running():
    calls = []
    gate = threading.Event()

    def slow(data):
        calls.append(data)
        gate.wait(2)

    session, browser, cid = thread_session_with_callback(slow, mutex_mode=True)
    browser.send("callback", cid, 1)
    browser.wait_for(lambda c: calls == [1])
    browser.send("callback", cid, 2)
    gate.set()
    browser.wait_for(lambda c: session.is_idle)
    assert calls == [1]
    session.close()


def test_register_thread_lets_a_thread_output_and_unregistered_threads_fail():
    from tests.session.conftest import FakeBrowser
    from webio.session import ThreadSession, register_thread
    from webio.session import context

    errors = []

    def worker():
        text(get_current_session(), "from worker")

    def stranger():
        try:
            get_current_session("put_text")
        except SessionNotFoundException as exc:
            errors.append(str(exc))

    def app():
        t = threading.Thread(target=worker)
        register_thread(t)
        t.start()
        t.join()
        s = threading.Thread(target=stranger)
        s.start()
        s.join()

    old = context.server_mode
    context.server_mode = True
    try:
        session = ThreadSession(app)
        browser = FakeBrowser(session)
        session.start()
        browser.wait_for(lambda c: "from worker" in browser.texts())
        browser.wait_command("close_session")
    finally:
        context.server_mode = old
    assert errors and "register_thread" in errors[0]


def test_hold_blocks_until_the_browser_leaves():
    from tests.session.conftest import FakeBrowser
    from webio.session import ThreadSession

    after = threading.Event()

    def app():
        hold()
        after.set()

    session = ThreadSession(app)
    FakeBrowser(session)
    session.start()
    time.sleep(0.1)
    assert not after.is_set() and session.is_idle
    session.close()
    assert after.wait(2)


# ----------------------------------------------------------------------- coroutine-only semantics
def test_run_async_tasks_share_the_session_and_stop_on_close():
    from tests.session.conftest import FakeBrowser
    from webio.session import CoroutineSession
    from webio.session.coroutinebased import background_loop

    async def counter():
        for i in range(1000):
            text(get_current_session(), f"tick {i}")
            await asyncio.sleep(0.01)

    handles = []

    async def app():
        handles.append(run_async(counter()))
        text(get_current_session(), "main done")
        await hold()

    session = CoroutineSession(app, loop=background_loop())
    browser = FakeBrowser(session)
    session.start()
    browser.wait_for(lambda c: "tick 2" in browser.texts())
    assert "main done" in browser.texts()
    assert not handles[0].closed()
    session.close()
    browser.wait_for(lambda c: handles[0].closed())


def test_async_callbacks_and_mutex_mode():
    from tests.session.conftest import FakeBrowser
    from webio.session import CoroutineSession
    from webio.session.coroutinebased import background_loop

    calls = []

    async def slow(data):
        calls.append(data)
        await asyncio.sleep(0.1)
        text(get_current_session(), f"done {data}")

    async def app():
        session = get_current_session()
        text(session, session.register_callback(slow, mutex_mode=True))

    session = CoroutineSession(app, loop=background_loop())
    browser = FakeBrowser(session)
    session.start()
    cid = browser.wait_command("output")["spec"]["content"]
    browser.send("callback", cid, 1)
    browser.wait_for(lambda c: calls == [1])
    browser.send("callback", cid, 2)
    browser.wait_for(lambda c: "done 1" in browser.texts())
    assert calls == [1]
    session.close()


def test_input_functions_are_real_asyncio_awaitables():
    """Unlike PyWebIO, webio's awaitables work with asyncio.gather / wait_for."""
    from tests.session.conftest import FakeBrowser
    from webio.session import CoroutineSession
    from webio.session.coroutinebased import background_loop

    async def app():
        a, b = await asyncio.gather(eval_js("1"), eval_js("2"))
        text(get_current_session(), f"{a}+{b}")
        try:
            await asyncio.wait_for(eval_js("never"), 0.05)
        except asyncio.TimeoutError:
            text(get_current_session(), "timed out")

    session = CoroutineSession(app, loop=background_loop())
    browser = FakeBrowser(session)
    session.start()
    browser.wait_for(lambda c: len([x for x in c if x["command"] == "run_script"]) >= 2)
    scripts = [x for x in browser.commands if x["command"] == "run_script"]
    browser.send("js_yield", scripts[1]["task_id"], 20)
    browser.send("js_yield", scripts[0]["task_id"], 10)
    browser.wait_for(lambda c: "10+20" in browser.texts())
    browser.wait_for(lambda c: "timed out" in browser.texts())


def test_output_returned_by_a_callback_is_sent_before_the_session_is_idle():
    """``lambda v: put_text(v)`` returns an output sent on release; HTTP answers at idle, so order matters."""
    from tests.session.conftest import FakeBrowser
    from webio.session import ThreadSession

    class SentOnRelease:
        def __init__(self, session):
            self.session = session

        def __del__(self):
            time.sleep(0.02)  # widen the window a late send would fall into
            text(self.session, "released")

    def app():
        session = get_current_session()
        text(session, session.register_callback(lambda data: SentOnRelease(get_current_session())))

    session = ThreadSession(app)
    browser = FakeBrowser(session)
    session.start()
    cid = browser.wait_command("output")["spec"]["content"]
    browser.wait_for(lambda c: session.is_idle)
    browser.send("callback", cid, None)
    deadline = time.monotonic() + 2
    while not session.is_idle and time.monotonic() < deadline:
        time.sleep(0.001)
    assert session.has_pending_output or "released" in browser.texts()
    session.close()


def test_introspecting_the_session_proxies_never_starts_script_mode():
    """pytest's collector, copy and pickle look up private names on module globals like `local`."""
    from webio.session import context, info

    before = context._script_mode_factory
    for name in ("_pytestfixturefunction", "_fixture_function_marker", "__wrapped__", "__signature__"):
        assert getattr(local, name, None) is None
        assert getattr(info, name, None) is None
    assert "no current session" in repr(local)
    assert context._script_mode_factory is before
