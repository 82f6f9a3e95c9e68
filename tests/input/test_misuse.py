"""Misusing ``webio.input`` raises errors that say what to do instead."""
from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

from webio.exceptions import WebioUsageError
from webio.input import (DATE, NUMBER, actions, file_upload, input, input_group, input_update, radio,
                         select, slider, textarea)
from webio.output import put_text

from .kinds import ask


def shows_error(body: Callable[[], Any]) -> Callable[[], Any]:
    """An app that runs ``body`` and shows the error it raises, as the developer would see it."""
    async def app() -> None:
        try:
            await body()
        except Exception as exc:
            put_text(f"{type(exc).__name__}: {exc}")
    return app


@pytest.mark.parametrize("call, message", [
    (lambda: input("x", type="bogus"), "type 'bogus' is unknown: use one of TEXT, NUMBER"),
    (lambda: input("x", type=DATE, datalist=["a"]), "datalist works only with type=TEXT"),
    (lambda: input("x", action=("Go", "not callable")), "action must be (button_label, callback)"),
    (lambda: input("x", validate=42), "validate must be a function"),
    (lambda: input("x", value=object()), "value must be a string"),
    (lambda: select("x", "abc"), "options must be a list"),
    (lambda: select("x", [("a",)]), "an option tuple is (label, value[, selected[, disabled]])"),
    (lambda: radio("x", [{"lable": "a", "value": 1}]), "unknown keys ['lable']"),
    (lambda: actions("x", [{"label": "Go", "type": "jump"}]), "button type must be one of"),
    (lambda: actions("x", [{"label": "Go", "value": 1, "color": "pink"}]), "button color must be one of"),
    (lambda: actions("x", [{"label": "Go"}]), "submit button {'label': 'Go'} needs a 'value'"),
    (lambda: slider("x", value=200), "value 200 must lie between min_value 0 and max_value 100"),
    (lambda: slider("x", step=0), "step must be positive"),
    (lambda: textarea("x", rows=0), "rows must be a positive int"),
    (lambda: textarea("x", code="python"), "code must be True or a dict"),
    (lambda: file_upload("x", max_size="lots"), "cannot read the size 'lots'"),
    (lambda: file_upload("x", onchange=print), "does not take 'onchange'"),
    (lambda: input("x", name=""), "name must be a non-empty string"),
])
def test_wrong_arguments_fail_at_the_call(call: Callable[[], Any], message: str) -> None:
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    assert message in str(info.value)


def test_name_on_a_lone_input_is_reported(run: Any) -> None:
    async def body() -> None:
        input("Age", name="age", type=NUMBER)  # forgot: names are for input_group only
        await ask(input("Next"))

    client = run(shows_error(body))
    assert ("WebioUsageError: input('Age', name='age') built an item for input_group(), but then input('Next') "
            "was called on its own") in client.text
    assert "if input('Age', name='age') should ask on its own, remove its name=" in client.text
    assert client.form is None


def test_missing_name_in_a_group_in_a_thread_session(webio_client: Any) -> None:
    def app() -> None:
        try:
            input_group("G", [input("A", name="a"), input("B")])  # input("B") would ask on its own
        except WebioUsageError as exc:
            put_text(str(exc))

    client = webio_client(app)
    assert "If input('B') belongs in the same input_group(), give it a name= too" in client.text
    assert client.form is None  # no stray one-input form was shown


def test_named_item_left_out_of_the_next_group(run: Any) -> None:
    async def body() -> None:
        input("A", name="a")
        await ask(input_group("G", [input("B", name="b")]))

    client = run(shows_error(body))
    assert "the input_group() called next does not contain it" in client.text


def test_items_built_ahead_for_a_group_are_fine(run: Any) -> None:
    fields = [input("A", name="a"), input("B", name="b")]

    async def app() -> None:
        first = await ask(input_group("One", fields))
        second = await ask(input_group("Two", fields))  # items are templates: reusable
        put_text(first["a"], second["b"])

    client = run(app)
    client.submit(a="1", b="2")
    client.submit(a="3", b="4")
    assert "1 4" in client.text


def test_duplicate_names_in_a_group(run: Any) -> None:
    async def body() -> None:
        await ask(input_group("G", [input("A", name="x"), input("B", name="x")]))

    client = run(shows_error(body))
    assert "ValueError: input_group() has two inputs named 'x': give each input its own name=" in client.text


def test_missing_name_in_a_group(webio_client: Any) -> None:
    async def body() -> None:
        await input_group("G", [input("A", name="a"), input("B")])  # input("B") is a coroutine here

    client = webio_client(shows_error(body))
    assert "TypeError: input 1 of input_group() is <coroutine" in client.text
    assert "every input in a group needs name=" in client.text


def test_a_value_in_a_group_instead_of_an_item(run: Any) -> None:
    async def body() -> None:
        await ask(input_group("G", [input("A", name="a"), "B"]))

    client = run(shows_error(body))
    assert "input 1 of input_group() is 'B', not an input item" in client.text


def test_input_update_outside_a_callback(run: Any) -> None:
    async def body() -> None:
        input_update("x", value="1")

    client = run(shows_error(body))
    assert "WebioUsageError: input_update() called outside an input callback" in client.text


def test_input_update_cannot_change_fixed_fields(run: Any) -> None:
    async def app() -> None:
        def change_type(_: Any) -> None:
            try:
                input_update("b", type=NUMBER)
            except ValueError as exc:
                input_update("b", help_text=str(exc))

        await ask(input_group("G", [input("A", name="a", onchange=change_type), input("B", name="b")]))

    client = run(app)
    client.fill(a="x")
    assert client.form["b"].help_text.startswith("input_update() cannot change 'type'")


def test_input_update_unknown_input(run: Any) -> None:
    async def app() -> None:
        def update(_: Any) -> None:
            try:
                input_update("nope", label="x")
            except ValueError as exc:
                input_update(help_text=str(exc))

        await ask(input("A", onchange=update))

    client = run(app)
    client.fill("x")
    assert "this form has no input named 'nope'" in client.form.inputs[0].help_text


def test_group_validate_naming_an_unknown_input(run: Any) -> None:
    async def body() -> None:
        await ask(input_group("G", [input("A", name="a")], validate=lambda d: ("b", "bad")))

    async def app() -> None:
        await shows_error(body)()

    client = run(app)
    client.submit(a="x")
    assert "ValueError: input_group() validate named input 'b', but the group's inputs are ['a']" in client.text
    assert client.form is None  # the failed form does not stay behind


def test_async_validate_is_refused() -> None:
    async def check(value: Any) -> None:
        await asyncio.sleep(0)

    with pytest.raises(TypeError, match="validate must be a plain function"):
        input("A", validate=check)
    with pytest.raises(TypeError, match="validate must be a plain function"):
        input_group("G", [input("A", name="a")], validate=check)
