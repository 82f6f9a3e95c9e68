"""Pin widgets of every kind, ``pin_update``, ``pin_on_change``, strict mode and misuse."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from webio.output import put_text
from webio.pin import (PinNotFound, pin, pin_on_change, pin_update, pin_wait_change, put_actions, put_checkbox,
                       put_radio, put_select, put_slider, put_textarea)
from webio.session import hold

from tests.input.kinds import ask


def test_option_pins_give_back_python_values(run: Any) -> None:
    async def app() -> None:
        put_select('day', [("New year", date(2024, 1, 1)), ("Spring", date(2024, 3, 20))])
        put_checkbox('nums', [("one", 1), ("two", 2), ("three", 3)], value=[3])
        put_radio('size', ["S", "M"], inline=True)
        put_slider('ratio', value=0.5, max_value=1.0)
        put_textarea('notes', rows=2, value="hi")
        while True:
            await ask(pin_wait_change('day', 'nums', 'size', 'ratio', 'notes'))
            put_text(repr([await ask(pin[name]) for name in ('day', 'nums', 'size', 'ratio', 'notes')]))

    client = run(app)
    assert [o.value for o in client.page.pin('day').options] == [0, 1]  # indexes on the wire
    client.set_pin('day', 'Spring')
    assert repr([date(2024, 3, 20), [3], None, 0.5, "hi"]) in client.text
    client.set_pin('nums', ['one', 'three'])
    client.set_pin('size', 'M')
    client.set_pin('ratio', 0.75)
    client.set_pin('notes', 'two\nlines')
    assert repr([date(2024, 3, 20), [1, 3], "M", 0.75, "two\nlines"]) in client.text


def test_put_actions_pin_holds_the_last_pressed_button(run: Any) -> None:
    async def app() -> None:
        put_actions('op', label="Operation", buttons=[("Start", {"go": True}), ("Stop", {"go": False})])
        put_text("initially", await ask(pin.op))
        changed = await ask(pin_wait_change('op'))
        put_text("pressed", changed['value'], await ask(pin.op))

    client = run(app)
    assert "initially None" in client.text
    client.click("Stop")
    assert "pressed {'go': False} {'go': False}" in client.text


def test_pin_update_changes_options_and_value(run: Any) -> None:
    async def app() -> None:
        put_select('city', ["Beijing", "Shanghai"], label="City")
        pin_update('city', options=[("Paris", "paris"), ("Lyon", "lyon")], value="lyon", label="Ville",
                   help_text="Choose one")
        put_text("city is", await ask(pin.city))

    client = run(app)
    widget = client.page.pin('city')
    assert [o.label for o in widget.options] == ["Paris", "Lyon"]
    assert (widget.label, widget.help_text, client.pin['city']) == ("Ville", "Choose one", "Lyon")
    assert "city is lyon" in client.text


def test_pin_update_value_of_an_option_pin(run: Any) -> None:
    async def app() -> None:
        put_checkbox('tags', [("red", 1), ("green", 2)])
        pin.tags = [2]
        put_text(repr(await ask(pin.tags)))

    client = run(app)
    assert client.pin['tags'] == ["green"]
    assert "[2]" in client.text


def test_pin_on_change_calls_back_with_the_value(run: Any) -> None:
    async def app() -> None:
        put_select('fruit', [("Apple", "apple"), ("Pear", "pear")])
        pin_on_change('fruit', lambda v: put_text("first saw", v))
        pin_on_change('fruit', lambda v: put_text("second saw", v))

    client = run(app)
    client.set_pin('fruit', 'Pear')
    assert "first saw pear" in client.text and "second saw pear" in client.text


def test_pin_on_change_clear_and_init_run(run: Any) -> None:
    async def app() -> None:
        put_slider('level', value=3)
        pin_on_change('level', lambda v: put_text("old", v))
        pin_on_change('level', lambda v: put_text("level", v), clear=True, init_run=True)

    client = run(app)
    assert "level 3" in client.text  # init_run: called at once with the current value
    client.set_pin('level', 7)
    assert "level 7" in client.text
    assert "old" not in client.text
    pin_on_change_cleared = client.page.pin_callbacks['level']
    assert len(pin_on_change_cleared) == 1


def test_pin_on_change_clear_only(webio_client: Any) -> None:
    def app() -> None:
        put_slider('level')
        pin_on_change('level', lambda v: put_text("level", v))
        pin_on_change('level', clear=True)
        put_text("ready")
        hold()

    client = webio_client(app)
    client.set_pin('level', 9)
    assert "level 9" not in client.text


def test_async_pin_on_change_callback(webio_client: Any) -> None:
    async def app() -> None:
        put_radio('size', ["S", "M", "L"])

        async def show(value: Any) -> None:
            put_text("size", value, "and pin reads", await pin.size)

        pin_on_change('size', show, init_run=True)

    client = webio_client(app)
    assert "size None and pin reads None" in client.text
    client.set_pin('size', 'L')
    assert "size L and pin reads L" in client.text


def test_reading_an_unknown_pin(run: Any) -> None:
    async def app() -> None:
        put_text("lenient:", repr(await ask(pin.nothing_here)))
        pin.use_strict()
        try:
            await ask(pin.nothing_here)
        except AssertionError as exc:  # the manual's strict mode raises AssertionError
            put_text(type(exc).__name__, str(exc))

    client = run(app)
    assert "lenient: None" in client.text
    assert "PinNotFound no pin widget named 'nothing_here' is on the page" in client.text


def test_strict_mode_is_per_session(run: Any) -> None:
    async def strict_app() -> None:
        pin.use_strict()

    async def lenient_app() -> None:
        put_text("value", repr(await ask(pin.missing)))

    run(strict_app)
    assert "value None" in run(lenient_app).text


@pytest.mark.parametrize("call, message", [
    (lambda: put_actions('x', buttons=[("Reset", 1, "reset")]), "buttons can only be of type 'submit'"),
    (lambda: put_select('', ["a"]), "needs the pin name as a non-empty string"),
    (lambda: pin_update('never_output', value=1), "no pin widget named 'never_output' was output"),
    (lambda: pin_update('s', type='number'), "pin_update() cannot change 'type'"),
    (lambda: pin_update('s', onchange=print), "use pin_on_change() for change callbacks"),
    (lambda: pin_wait_change(), "needs the names of the pins to watch"),
    (lambda: pin_wait_change('s', timeout=-1), "timeout must be a positive number of seconds or None"),
    (lambda: pin_on_change('s', print, bogus=True), "unknown options ['bogus']"),
])
def test_misuse_says_what_to_do(run: Any, call: Any, message: str) -> None:
    async def app() -> None:
        put_select('s', ["a", "b"])
        try:
            call()
        except (TypeError, ValueError) as exc:
            put_text(str(exc))

    assert message in run(app).text


def test_pin_wait_change_takes_a_list(run: Any) -> None:
    async def app() -> None:
        put_select('s', ["a", "b"])
        changed = await ask(pin_wait_change(['s']))
        put_text("changed", changed)

    client = run(app)
    client.set_pin('s', 'b')
    assert "changed {'name': 's', 'value': 'b'}" in client.text


def test_pin_not_found_is_an_assertion_error() -> None:
    assert issubclass(PinNotFound, AssertionError)
