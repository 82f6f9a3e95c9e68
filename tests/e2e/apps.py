"""Apps of tests/e2e/test_browser.py, served over both transports (see harness.py)."""

from __future__ import annotations

import time

from webio.input import FLOAT, NUMBER, actions, checkbox, file_upload, input, input_group, radio, select, slider, textarea
from webio.output import (
    clear,
    popup,
    put_buttons,
    put_code,
    put_markdown,
    put_processbar,
    put_scope,
    put_table,
    put_text,
    set_processbar,
    toast,
    use_scope,
)
from webio.pin import pin, pin_wait_change, put_input, put_select
from webio.session import eval_js, run_js


def index() -> None:
    """Form round trip."""
    put_markdown("# Hello")
    name = input("Your name", placeholder="name")
    put_text(f"Hi {name}")
    data = input_group(
        "Details",
        [
            input("Age", name="age", type=NUMBER, validate=lambda v: "Too young" if v < 18 else None),
            input("Ratio", name="ratio", type=FLOAT),
            select("Fruit", ["apple", "pear"], name="fruit"),
            checkbox("Extras", ["a", "b", "c"], name="extras"),
            radio("Size", ["S", "M", "L"], name="size"),
            slider("Level", name="level", value=3, min_value=0, max_value=10),
            textarea("Notes", name="notes", rows=2),
        ],
    )
    put_text(
        f"age={data['age']} ratio={data['ratio']} fruit={data['fruit']} extras={data['extras']} "
        f"size={data['size']} level={data['level']} notes={data['notes']}"
    )
    f = file_upload("A file", accept=".txt")
    put_text(f"file {f['filename']} {len(f['content'])} bytes" if f else "no file")
    choice = actions("Done?", ["yes", "no"])
    put_text(f"choice={choice}")


def clicks() -> None:
    """Callbacks, popup, toast, eval_js, pins."""

    def on_click(value: str) -> None:
        put_text(f"clicked {value}", scope="log")
        if value == "popup":
            popup("A popup", [put_text("inside popup")])
        if value == "toast":
            toast("A toast")

    put_scope("log")
    put_buttons(["one", "popup", "toast"], onclick=on_click)
    put_text(f"href ends with {eval_js('location.pathname')}")
    run_js("document.title = 'run_js ' + n", n=7)
    put_input("p", label="Pin")
    put_select("s", options=["x", "y"], label="Sel")
    changed = pin_wait_change("p", "s")
    put_text(f"pin {changed['name']} = {changed['value']}")
    put_text(f"pin.s = {pin.s}")


def flood() -> None:
    """5000 lines and a 2000x5 table."""
    put_processbar("bar")
    for i in range(5000):
        put_text(f"line {i}")
    set_processbar("bar", 1)
    put_table([[i, f"name {i}", i * 2, "x", "y"] for i in range(2000)], header=["a", "b", "c", "d", "e"])
    put_text("done")
    with use_scope("tail"):
        put_code("print('end')", "python")
    time.sleep(0.1)
    clear("tail")


APPS = [index, clicks, flood]
SERVER_OPTIONS = {"reconnect_timeout": 5}
