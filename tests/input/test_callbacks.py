"""onchange / action / validate callbacks, input_update, several forms, closing while waiting."""
from __future__ import annotations

import asyncio
import threading
from typing import Any

from webio.exceptions import SessionClosedException
from webio.input import NUMBER, checkbox, input, input_group, input_update, select
from webio.output import put_buttons, put_text
from webio.session import defer_call

from .kinds import ask


def test_async_action_and_onchange_callbacks(webio_client: Any) -> None:
    async def fetch(set_value: Any) -> None:
        await asyncio.sleep(0.01)
        set_value("fetched")

    async def count(value: Any) -> None:
        await asyncio.sleep(0.01)
        input_update(help_text=f"{len(value)} characters")  # still knows its form after awaiting

    async def app() -> None:
        put_text("got", await input("Word", action=("Fetch", fetch), onchange=count))

    client = webio_client(app)
    client.press("Fetch")
    assert client.form.inputs[0].value == "fetched"
    client.fill("four")
    assert client.form.inputs[0].help_text == "4 characters"
    client.submit()
    assert "got four" in client.text


def test_input_update_maps_option_values(run: Any) -> None:
    def pick_all(flag: Any) -> None:
        input_update('tags', options=[("A", {"a": 1}), ("B", {"b": 2})], value=[{"b": 2}] if flag else [])

    async def app() -> None:
        data = await ask(input_group("Tags", [
            select("Preset", [("none", False), ("some", True)], name="preset", onchange=pick_all),
            checkbox("Tags", ["x"], name="tags"),
        ]))
        put_text(repr(data["tags"]))

    client = run(app)
    client.fill(preset="some")
    tags = client.form["tags"]
    assert [o.label for o in tags.options] == ["A", "B"] and tags.value == [1]
    client.submit()
    assert "[{'b': 2}]" in client.text


def test_input_update_from_validate(run: Any) -> None:
    def check(n: Any) -> Any:
        input_update(help_text=f"you typed {n}")
        return None if n > 0 else "must be positive"

    async def app() -> None:
        put_text("n =", await ask(input("N", type=NUMBER, validate=check)))

    client = run(app)
    client.blur("data", -2)
    assert client.form.inputs[0].help_text == "you typed -2"
    assert client.form.inputs[0].invalid_feedback == "must be positive"
    client.submit(5)
    assert "n = 5" in client.text


def test_input_update_valid_status_and_labels(run: Any) -> None:
    def react(value: Any) -> None:
        input_update(label="Name (checked)", valid_status=bool(value), valid_feedback="looks good",
                     placeholder="your name")

    async def app() -> None:
        await ask(input("Name", onchange=react))

    client = run(app)
    client.fill("Ada")
    item = client.form.inputs[0]
    assert (item.label, item.valid_status, item.placeholder) == ("Name (checked)", True, "your name")
    assert "looks good" in client.text


def test_a_callback_can_ask_while_the_app_waits(webio_client: Any) -> None:
    def app() -> None:
        put_buttons(["Ask more"], lambda _: put_text("extra:", input("Extra")))
        put_text("main:", input("Main"))

    client = webio_client(app)
    client.click("Ask more")
    assert client.form.labels == ["Extra"]  # the newest form is on screen
    client.submit("e")
    assert "extra: e" in client.text
    assert client.form.labels == ["Main"]  # the app's own form is still there
    client.submit("m")
    assert "main: m" in client.text


def test_closing_the_page_while_a_form_waits(run: Any) -> None:
    closed = threading.Event()
    seen: list[str] = []

    async def app() -> None:
        defer_call(closed.set)
        try:
            await ask(input("Never answered", action=("Now", lambda set_value: set_value("x"))))
        except SessionClosedException:
            seen.append("SessionClosedException")
            raise

    client = run(app)
    assert client.form is not None
    client.close()
    assert closed.wait(5)
    for _ in range(100):
        if seen:
            break
        threading.Event().wait(0.01)
    assert seen == ["SessionClosedException"]


def test_action_callbacks_end_with_their_form(run: Any) -> None:
    async def app() -> None:
        put_text("got", await ask(input("Code", action=("Generate", lambda set_value: set_value("42")))))
        put_text("callbacks left:", bool(client.session.has_callbacks))

    client = run(app)
    assert client.session.has_callbacks
    client.press("Generate")
    client.submit()
    assert "got 42" in client.text
    assert "callbacks left: False" in client.text
    client.wait_closed()  # nothing keeps the session open once the app returned
