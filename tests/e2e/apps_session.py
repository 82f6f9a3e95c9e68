"""Apps for popups, toasts, pins, JavaScript, set_env, escaping and the end of a session
(served by tests/e2e/test_session.py)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from webio.input import NUMBER, checkbox, file_upload, input, input_group, radio, select
from webio.output import (
    PopupSize,
    close_popup,
    popup,
    put_buttons,
    put_collapse,
    put_file,
    put_link,
    put_markdown,
    put_scope,
    put_table,
    put_tabs,
    put_text,
    toast,
)
from webio.pin import (
    pin,
    pin_on_change,
    pin_update,
    pin_wait_change,
    put_actions,
    put_checkbox,
    put_input,
    put_radio,
    put_select,
    put_slider,
    put_textarea,
)
from webio.session import download, eval_js, hold, register_thread, run_js, set_env

from .ui import XSS


def popups() -> None:
    @popup("Decorated popup", size=PopupSize.SMALL)
    def decorated() -> None:
        put_text("made by a decorated function")

    def open_one(which: str) -> None:
        if which == "plain":
            popup("Plain popup", [put_text("plain body"), put_buttons(["close it"], onclick=lambda _: close_popup())],
                  size=PopupSize.LARGE)
        elif which == "with":
            with popup("Context popup", implicit_close=False) as scope:
                put_text("made inside with")
            put_text("added later by scope", scope=scope)
        elif which == "decorated":
            decorated()

    put_buttons(["plain", "with", "decorated"], onclick=open_one)
    hold()


def popups_with_thread() -> None:
    """A popup the user cannot close; a registered thread of the app closes it."""

    def open_sticky(_: Any) -> None:
        popup("Sticky popup", "no way out but the server", closable=False, implicit_close=False)
        worker = threading.Thread(target=lambda: (time.sleep(0.5), close_popup()))
        register_thread(worker)
        worker.start()

    put_buttons(["sticky"], onclick=open_sticky)
    hold()


def toasts() -> None:
    def show(which: str) -> None:
        if which == "info":
            toast("Saved!", duration=1)
        elif which == "sticky":
            toast("Click me to undo", duration=0, position="right", color="success",
                  onclick=lambda: put_text("undo requested"))
        elif which == "error":
            toast("Something broke", color="error", position="left")
        elif which == "custom":
            toast("Custom colour", color="#ff0000")

    put_buttons(["info", "sticky", "error", "custom"], onclick=show)
    hold()


def pins() -> None:
    put_input("name", label="Your name", value="Ann")
    put_textarea("bio", label="Bio", rows=2)
    put_select("level", ["low", "mid", "high"], label="Level", value="mid")
    put_checkbox("tags", ["red", ("Green", 2)], label="Tags")
    put_radio("size", ["S", "M"], label="Size")
    put_slider("volume", label="Volume", value=10, max_value=20)
    put_actions("act", label="Act", buttons=["go", {"label": "stop", "value": {"halt": True}}])
    put_scope("log")

    def read(_: Any) -> None:
        values = {name: pin[name] for name in ("name", "bio", "level", "tags", "size", "volume", "act")}
        put_text(f"read {values}", scope="log")

    def write(_: Any) -> None:
        pin.name = "set by server"
        pin.level = "high"
        pin_update("tags", options=["blue", "black"], value=["black"])
        pin_update("bio", label="Biography", help_text="a few words")

    put_buttons(["read", "write"], onclick=read, scope="log", position=0)
    put_buttons(["write"], onclick=write)
    pin_on_change("size", onchange=lambda v: put_text(f"size is now {v}", scope="log"))
    pin_on_change("act", onchange=lambda v: put_text(f"action {v!r}", scope="log"))
    while True:
        changed = pin_wait_change("name", "volume")
        put_text(f"changed {changed['name']} -> {changed['value']!r}", scope="log")


def scripts() -> None:
    put_markdown("<div id='target'>empty</div>", sanitize=False)
    run_js("document.getElementById('target').textContent = greeting + ' ' + who.name", greeting="hello", who={"name": "world"})
    put_text(f"sum = {eval_js('a + b', a=2, b=3)!r}")
    obj = eval_js('({x: [1, 2], y: null, z: "s"})')
    put_text(f"object = {obj!r}")
    put_text(f"promise = {eval_js('new Promise(r => setTimeout(() => r(41 + n), 200))', n=1)!r}")
    rejected = eval_js('Promise.reject(new Error("no"))')
    put_text(f"rejected = {rejected!r}")
    text = eval_js('document.getElementById("target").textContent')
    put_text(f"page text = {text!r}")
    put_text("scripts done")
    hold()


def environment() -> None:
    set_env(title="Custom title", output_max_width="500px")
    put_text("x" * 400)
    set_env(input_panel_fixed=False)
    value = input("Age", type=NUMBER)
    put_text(f"age {value}")
    set_env(input_panel_fixed=True, input_panel_init_height=200)
    input("Last one")
    put_text("env done")


def escaping() -> None:
    put_text(XSS)
    put_table([[XSS, put_text("cell " + XSS)]], header=["Head " + XSS, "Other"])
    put_buttons([XSS], onclick=lambda v: toast("toast " + v))
    put_link("link " + XSS, url="https://example.invalid/")
    put_file(XSS + ".txt", b"content", label="file " + XSS)
    put_collapse("collapse " + XSS, "body")
    put_tabs([{"title": "tab " + XSS, "content": "pane"}])
    put_buttons(["popup"], onclick=lambda _: popup("popup " + XSS, "popup body " + XSS))
    put_buttons(["download"], onclick=lambda _: download(XSS + ".bin", b"data"))
    data = input_group("group " + XSS, [
        input("label " + XSS, name="t", help_text="help " + XSS, placeholder="ph " + XSS),
        select("select " + XSS, ["option " + XSS, "plain"], name="s"),
        checkbox("check " + XSS, ["box " + XSS], name="c"),
        radio("radio " + XSS, ["dot " + XSS], name="r"),
        file_upload("upload " + XSS, name="f", placeholder="choose " + XSS),
    ])
    put_text(f"got {data['s']}")
    hold()


def ends_quickly() -> None:
    put_text("about to finish")
    put_input("leftover", label="Leftover input")
    time.sleep(0.3)


async def coroutine_app() -> None:
    put_text("async app")
    clicks: list[str] = []

    async def clicked(value: str) -> None:
        await asyncio.sleep(0.05)
        clicks.append(value)
        put_text(f"async click {value} #{len(clicks)}")

    put_buttons(["tap"], onclick=clicked)
    name = await input("Name (async)")
    put_text(f"async hello {name}")
    await asyncio.sleep(0.1)
    put_text(f"value from the page: {await eval_js('6 * 7')}")
    await hold()


APPS = {
    "popups": popups,
    "popup_thread": popups_with_thread,
    "toasts": toasts,
    "pins": pins,
    "scripts": scripts,
    "env": environment,
    "escaping": escaping,
    "ends": ends_quickly,
    "async": coroutine_app,
}
