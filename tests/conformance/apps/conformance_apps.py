"""The apps of the conformance scenarios (tests/conformance/test_protocol.py, test_browser.py).

Every scenario app exists twice: ``NAME`` runs in a thread-based session, ``NAME_async`` in a
coroutine-based one, and both show the user the same thing. Apps that must stay open after their
last output end with ``hold()`` (thread) / ``await hold()`` (coroutine).

Cross-session observations (deferred calls, departures) go through ``DEPARTED``, a list in the
server process: every real server here runs one process, as webio's deployment notes require.
"""
from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Any, Callable

from webio.input import FLOAT, NUMBER, actions, checkbox, file_upload, input, input_group, input_update, radio, select, slider
from webio.output import (
    close_popup,
    popup,
    put_button,
    put_buttons,
    put_markdown,
    put_scope,
    put_table,
    put_text,
    toast,
    use_scope,
)
from webio.pin import pin, pin_on_change, pin_wait_change, put_input, put_select, put_slider
from webio.session import defer_call, download, eval_js, hold, info, local, run_asyncio_coroutine, run_js, set_env

DEPARTED: list[str] = []      # tokens of sessions whose deferred calls ran
UPLOAD_LIMIT = 1024           # file_upload(max_size=...) of the upload apps
GROUP_OPTIONS = {
    "select": [("one", 1), ("pair", (2, 2)), ("none", None)],
    "checkbox": [("x", {"x": 1}), ("y", [1, 2]), ("z", None)],
    "radio": [("alpha", 1.5), ("beta", frozenset({3}))],
}


# --------------------------------------------------------------------------- outputs
def _show_outputs(on_color: Callable[[str], Any]) -> None:
    put_text("plain text")
    put_markdown("## Markdown title\n\nsome *emphasis*")
    put_table([["Ada", 36], ["Bob", 7]], header=["name", "age"])
    put_buttons(["Red", "Blue"], onclick=on_color)


def outputs() -> None:
    _show_outputs(lambda color: put_text(f"pressed {color}"))
    hold()


async def outputs_async() -> None:
    async def on_color(color: str) -> None:
        put_text(f"pressed {color}")

    _show_outputs(on_color)
    await hold()


# --------------------------------------------------------------------------- scopes
def _show_scopes() -> None:
    put_scope("a")
    put_scope("b")
    put_text("in a", scope="a")
    put_text("first in a", scope="a", position=0)
    with use_scope("b"):
        put_text("old b")
    with use_scope("b", clear=True):
        put_text("new b")
    put_text("top", position=0)


def scopes() -> None:
    _show_scopes()
    input("Done?")


async def scopes_async() -> None:
    _show_scopes()
    await input("Done?")


# --------------------------------------------------------------------------- inputs
def _adult(age: int) -> Any:
    return "must be 18 or older" if age < 18 else None


def validation() -> None:
    age = input("Age", type=NUMBER, validate=_adult)
    put_text(f"age {age} ({type(age).__name__})")


async def validation_async() -> None:
    age = await input("Age", type=NUMBER, validate=_adult)
    put_text(f"age {age} ({type(age).__name__})")


def _group_inputs() -> list[Any]:
    return [
        select("Pick one", GROUP_OPTIONS["select"], name="sel"),
        checkbox("Pick some", GROUP_OPTIONS["checkbox"], name="chk"),
        radio("Pick a radio", GROUP_OPTIONS["radio"], name="rad"),
        slider("Level", name="lvl", value=3, min_value=0, max_value=10),
        input("Weight", name="kg", type=FLOAT),
    ]


def _show_group(data: dict[str, Any]) -> None:
    put_text("group " + " ".join(f"{key}={data[key]!r}" for key in ("sel", "chk", "rad", "lvl", "kg")))


def group() -> None:
    _show_group(input_group("Choices", _group_inputs()))


async def group_async() -> None:
    _show_group(await input_group("Choices", _group_inputs()))


_ACTION_BUTTONS = [{"label": "Save", "value": {"saved": True}}, {"label": "Skip", "value": ("skip", 0)}]


def action_buttons() -> None:
    choice = actions("What now?", _ACTION_BUTTONS)
    put_text(f"chose {choice!r}")


async def action_buttons_async() -> None:
    choice = await actions("What now?", _ACTION_BUTTONS)
    put_text(f"chose {choice!r}")


def cancelable() -> None:
    data = input_group("Optional", [input("Note", name="note")], cancelable=True)
    put_text(f"group gave {data!r}")
    data = input_group("Again", [input("Note", name="note")], cancelable=True)
    put_text(f"then {data!r}")


async def cancelable_async() -> None:
    data = await input_group("Optional", [input("Note", name="note")], cancelable=True)
    put_text(f"group gave {data!r}")
    data = await input_group("Again", [input("Note", name="note")], cancelable=True)
    put_text(f"then {data!r}")


def _fahrenheit(celsius: Any) -> None:
    if celsius is not None:
        input_update("f", value=round(celsius * 9 / 5 + 32, 1))


def _converter() -> list[Any]:
    return [input("Celsius", name="c", type=FLOAT, onchange=_fahrenheit), input("Fahrenheit", name="f", type=FLOAT)]


def onchange() -> None:
    data = input_group("Convert", _converter())
    put_text(f"{data['c']} C = {data['f']} F")


async def onchange_async() -> None:
    data = await input_group("Convert", _converter())
    put_text(f"{data['c']} C = {data['f']} F")


def _show_file(file: dict[str, Any]) -> None:
    digest = hashlib.sha256(file["content"]).hexdigest()[:12]
    put_text(f"file {file['filename']} {len(file['content'])} bytes sha {digest}")


def upload() -> None:
    _show_file(file_upload("A file", max_size=UPLOAD_LIMIT))


async def upload_async() -> None:
    _show_file(await file_upload("A file", max_size=UPLOAD_LIMIT))


# --------------------------------------------------------------------------- callbacks
def _counter_buttons(on_add: Callable[[int], Any]) -> None:
    put_scope("count")
    put_buttons([{"label": "+1", "value": 1}, {"label": "+10", "value": 10}], onclick=on_add)


def _show_count() -> None:
    with use_scope("count", clear=True):
        put_text(f"count {local.count}")


def callbacks() -> None:
    local.count = 0

    def add(step: int) -> None:
        local.count += step
        _show_count()

    _counter_buttons(add)
    put_button("Reset", onclick=lambda: (setattr(local, "count", 0), _show_count()))
    hold()


async def callbacks_async() -> None:
    local.count = 0

    async def add(step: int) -> None:
        local.count += step
        _show_count()

    async def reset() -> None:
        local.count = 0
        _show_count()

    _counter_buttons(add)
    put_button("Reset", onclick=reset)
    await hold()


def clickable() -> None:
    put_text("Click this text").onclick(lambda: put_text("the text was clicked"))
    put_markdown("**or this**").onclick(lambda: put_text("the markdown was clicked"))
    hold()


async def clickable_async() -> None:
    async def clicked() -> None:
        put_text("the text was clicked")

    put_text("Click this text").onclick(clicked)
    put_markdown("**or this**").onclick(lambda: put_text("the markdown was clicked"))
    await hold()


def _open_popup() -> None:
    popup("A popup", [put_text("inside the popup"), put_button("Close it", onclick=close_popup)])


def popups() -> None:
    put_button("Open popup", onclick=_open_popup)
    hold()


async def popups_async() -> None:
    async def open_it() -> None:
        _open_popup()

    put_button("Open popup", onclick=open_it)
    await hold()


def toasts() -> None:
    toast("Saved!", color="success", duration=0, onclick=lambda: put_text("toast clicked"))
    toast("Careful", color="warn")
    hold()


async def toasts_async() -> None:
    toast("Saved!", color="success", duration=0, onclick=lambda: put_text("toast clicked"))
    toast("Careful", color="warn")
    await hold()


# --------------------------------------------------------------------------- pins
def _pin_widgets() -> None:
    put_input("name", label="Name", value="initial")
    put_select("color", options=[("red", "r"), ("green", "g")], label="Color", value="g")


def pins() -> None:
    _pin_widgets()
    pin.name = "written by the app"
    put_button("Read pins", onclick=lambda: put_text(f"read name={pin.name!r} color={pin.color!r}"))
    hold()


async def pins_async() -> None:
    _pin_widgets()
    pin.name = "written by the app"

    async def read() -> None:
        put_text(f"read name={await pin.name!r} color={await pin.color!r}")

    put_button("Read pins", onclick=read)
    await hold()


def pin_wait() -> None:
    put_input("query", label="Query")
    put_slider("level", label="Level", value=2, max_value=10)
    for _ in range(2):
        changed = pin_wait_change("query", "level")
        put_text(f"changed {changed['name']} to {changed['value']!r}")
    put_text(f"timeout gives {pin_wait_change('query', timeout=0.2)!r}")
    hold()


async def pin_wait_async() -> None:
    put_input("query", label="Query")
    put_slider("level", label="Level", value=2, max_value=10)
    for _ in range(2):
        changed = await pin_wait_change("query", "level")
        put_text(f"changed {changed['name']} to {changed['value']!r}")
    put_text(f"timeout gives {await pin_wait_change('query', timeout=0.2)!r}")
    await hold()


def pin_callback() -> None:
    put_slider("level", label="Level", value=1, max_value=10)
    pin_on_change("level", onchange=lambda value: put_text(f"level is now {value}"))
    hold()


async def pin_callback_async() -> None:
    async def changed(value: Any) -> None:
        put_text(f"level is now {value}")

    put_slider("level", label="Level", value=1, max_value=10)
    pin_on_change("level", onchange=changed)
    await hold()


# --------------------------------------------------------------------------- browser side
def javascript() -> None:
    total = eval_js("a + b", a=2, b=3)
    shape = eval_js("({list: [1, 'two'], nested: {ok: true}})")
    put_text(f"eval total={total!r} shape={shape!r}")
    run_js("document.title = title", title="from run_js")
    set_env(title="Conformance", output_animation=False)
    download("report.csv", b"name,age\nAda,36\n")
    hold()


async def javascript_async() -> None:
    total = await eval_js("a + b", a=2, b=3)
    shape = await eval_js("({list: [1, 'two'], nested: {ok: true}})")
    put_text(f"eval total={total!r} shape={shape!r}")
    run_js("document.title = title", title="from run_js")
    set_env(title="Conformance", output_animation=False)
    download("report.csv", b"name,age\nAda,36\n")
    await hold()


# --------------------------------------------------------------------------- session
def _describe_session() -> None:
    ua = info.user_agent
    request = info.request
    put_text(f"backend={info.backend}")
    put_text(f"protocol={info.protocol}")
    put_text(f"browser={ua.browser.family} os={ua.os.family} mobile={ua.is_mobile}")
    put_text(f"language={info.user_language}")
    put_text(f"user_ip={info.user_ip}")
    put_text(f"server_host={info.server_host}")
    put_text(f"origin={info.origin}")
    put_text(f"request={type(request).__module__}.{type(request).__name__}")


def session_info() -> None:
    _describe_session()
    hold()


async def session_info_async() -> None:
    _describe_session()
    await hold()


def local_state() -> None:
    name = input("Who are you?")
    local.name = name
    local.visits = 0

    def visit() -> None:
        local.visits += 1
        put_text(f"{local.name} visited {local.visits} times")

    put_button("Visit", onclick=visit)
    hold()


async def local_state_async() -> None:
    name = await input("Who are you?")
    local.name = name
    local.visits = 0

    async def visit() -> None:
        local.visits += 1
        put_text(f"{local.name} visited {local.visits} times")

    put_button("Visit", onclick=visit)
    await hold()


def _leave_token(token: str) -> None:
    defer_call(lambda: DEPARTED.append(token))


def deferred() -> None:
    """Defers a call, then finishes once the user gave a token (the session closes)."""
    token = input("Token")
    _leave_token(token)
    put_text(f"bye {token}")


async def deferred_async() -> None:
    token = await input("Token")
    _leave_token(token)
    put_text(f"bye {token}")


def stay() -> None:
    """Defers a call and stays open: the call runs only once the tab is gone."""
    token = input("Token")
    _leave_token(token)
    put_text(f"staying {token}")
    hold()


async def stay_async() -> None:
    token = await input("Token")
    _leave_token(token)
    put_text(f"staying {token}")
    await hold()


def departures() -> None:
    """Waits (up to ``wait`` seconds) until the session that left ``token`` ran its deferred call."""
    data = input_group("Departed?", [input("Token", name="token"), input("Patience", name="patience", type=FLOAT)])
    deadline = time.monotonic() + data["patience"]
    while data["token"] not in DEPARTED and time.monotonic() < deadline:
        time.sleep(0.05)
    put_text(f"{data['token']} departed: {data['token'] in DEPARTED}")


async def departures_async() -> None:
    data = await input_group("Departed?", [input("Token", name="token"), input("Patience", name="patience", type=FLOAT)])
    deadline = time.monotonic() + data["patience"]
    while data["token"] not in DEPARTED and time.monotonic() < deadline:
        await run_asyncio_coroutine(asyncio.sleep(0.05))
    put_text(f"{data['token']} departed: {data['token'] in DEPARTED}")


class AppFailure(RuntimeError):
    """What the failing apps raise."""


def _fail(where: str) -> None:
    raise AppFailure(f"failing on purpose in {where}")


def failing() -> None:
    put_text("before the failure")
    put_button("Fail in callback", onclick=lambda: _fail("a callback"))
    put_button("Works", onclick=lambda: put_text("callbacks still work"))
    if input("Fail now?") == "yes":
        _fail("the app")
    hold()


async def failing_async() -> None:
    async def works() -> None:
        put_text("callbacks still work")

    put_text("before the failure")
    put_button("Fail in callback", onclick=lambda: _fail("a callback"))
    put_button("Works", onclick=works)
    if await input("Fail now?") == "yes":
        _fail("the app")
    await hold()


def _index_page() -> None:
    put_markdown("# Conformance")
    put_text("first output")


def home() -> None:
    """The first page of the browser scenarios: a heading, then a name form."""
    _index_page()
    name = input("Your name", validate=lambda v: "too short" if len(v) < 2 else None)
    put_text(f"Hello, {name}")
    hold()


async def home_async() -> None:
    _index_page()
    name = await input("Your name", validate=lambda v: "too short" if len(v) < 2 else None)
    put_text(f"Hello, {name}")
    await hold()


_THREAD_APPS = [outputs, scopes, validation, group, action_buttons, cancelable, onchange, upload, callbacks,
                clickable, popups, toasts, pins, pin_wait, pin_callback, javascript, session_info, local_state,
                deferred, stay, departures, failing, home]
APPS: dict[str, Callable[[], Any]] = {}
for _app in _THREAD_APPS:
    APPS[_app.__name__] = _app
    APPS[_app.__name__ + "_async"] = globals()[_app.__name__ + "_async"]
