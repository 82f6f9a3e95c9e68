"""Behaviour PyWebIO programs rely on (issue items 1, 2, 6, 13), through webio.testing."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from webio.input import NUMBER, checkbox, input, input_group, radio, select
from webio.output import put_text
from webio.pin import pin, pin_update, put_checkbox, put_input, put_radio, put_select, put_textarea
from webio.session import get_current_session

from tests.input.kinds import ask


def check_age(age: int) -> Any:  # the manual's own example: raises TypeError for an empty field
    if age > 30:
        return "Too old"
    if age < 10:
        return "Too young"
    return None


def test_a_validate_that_raises_marks_the_input_invalid_and_the_form_stays(
        run: Any, caplog: pytest.LogCaptureFixture) -> None:
    async def app() -> None:
        age = await ask(input("How old are you?", type=NUMBER, validate=check_age))
        put_text("age", age)

    client = run(app)
    with caplog.at_level(logging.ERROR, logger="webio.input"):
        client.blur("data")                       # leave the empty field: validate(None) raises
        assert client.form["data"].invalid_feedback == "Invalid input"
        client.submit("")                         # submitting the empty field: same, the form stays
    assert client.form is not None and client.form["data"].invalid_feedback == "Invalid input"
    assert "validate of input 'data' raised" in caplog.text and "TypeError" in caplog.text
    client.submit(42)
    assert client.form["data"].invalid_feedback == "Too old"
    client.submit(20)
    assert client.text == "age 20" and not client.app_errors


def test_a_group_validate_that_raises_keeps_the_group_usable(run: Any) -> None:
    async def app() -> None:
        data = await ask(input_group("Info", [input("Name", name="name"), input("Age", name="age", type=NUMBER)],
                                     validate=lambda d: ("age", "adults only") if d["age"] < 18 else None))
        put_text("ok", data["name"], data["age"])

    client = run(app)
    client.submit({"name": "Ada"})                  # age empty: None < 18 raises
    assert client.form["name"].invalid_feedback == "Invalid input"
    client.submit({"name": "Ada", "age": 36})
    assert client.text == "ok Ada 36"


def test_values_not_among_the_options_are_ignored_and_selected_flags_kept(run: Any) -> None:
    async def app() -> None:
        a = await ask(select("Single", ["a", "b"], value="zzz"))
        b = await ask(select("List to a single select", ["a", "b", "c"], value=["b", "nope"]))
        c = await ask(checkbox("Flags kept", [("x", 1, True), ("y", 2), ("z", 3)], value=[3, 99]))
        d = await ask(radio("Radio", ["r1", "r2"], value="none"))
        e = await ask(select("Multiple, one value", ["m", "n"], multiple=True, value="n"))
        put_text(repr([a, b, c, d, e]))

    client = run(app)
    assert client.form["data"].display_value == "a"  # no option chosen by the value: the first shows
    client.submit("b")
    assert client.form["data"].display_value == "b"
    client.submit()
    assert client.form["data"].display_value == ["x", "z"]   # its own selected=True flag, plus the value
    client.submit()
    assert client.form["data"].display_value is None
    client.submit("r1")
    assert client.form["data"].display_value == ["n"]
    client.submit()
    assert client.text == repr(["b", "b", [1, 3], "r1", ["n"]])


def test_single_choice_with_several_selected_shows_the_last(run: Any) -> None:
    async def app() -> None:
        chosen = await ask(select("Pick", [("a", 1, True), ("b", 2, True), ("c", 3)]))
        put_text("chosen", chosen)

    client = run(app)
    assert client.form["data"].display_value == "b"
    client.submit()
    assert client.text == "chosen 2"


def test_pins_tolerate_values_not_among_the_options(run: Any) -> None:
    async def app() -> None:
        put_select("s", ["a", "b"], value="zzz")
        put_checkbox("c", [("x", 1, True), ("y", 2)], value=[2, 5])
        put_radio("r", ["r1", "r2"], value=["r2"])
        pin_update("s", value="nothing")
        put_text(repr([await ask(pin.s), await ask(pin.c), await ask(pin.r)]))

    client = run(app)
    assert client.text == repr([None, [1, 2], "r2"])


def test_pins_with_minlength_return_the_text(run: Any) -> None:
    async def app() -> None:
        put_textarea("note", minlength=10, value="short")
        put_input("word", value="ab")
        pin_update("word", minlength=5)
        put_text(repr([await ask(pin.note), await ask(pin.word)]))

    client = run(app)
    assert client.text == repr(["short", "ab"])


def test_session_closed_is_callable_and_a_truth_value(run: Any) -> None:
    seen: list[Any] = []

    async def app() -> None:
        session = get_current_session()
        seen.extend([session.closed(), bool(session.closed), session.closed == False])  # noqa: E712
        put_text("open" if not session.closed else "closed")
        await ask(input("wait"))

    client = run(app)
    assert client.text.startswith("open") and seen == [False, False, True]
    session = client.session
    client.close()
    assert session.closed() is True and session.closed and repr(session.closed) == "True"


def test_put_grid_counts_columns_and_rows_over_spans(webio_client: Any) -> None:
    from webio.output import put_grid, span

    def app() -> None:
        put_grid([[span(put_text("A"), col=2), put_text("B")],
                  [span(put_text("F"), row=2), span(put_text("G"), col=2)],
                  [put_text("I"), put_text("J")]], cell_width="90px")
        put_grid([[put_text("a"), span(put_text("b"), row=3)], [put_text("c")]], direction="column")
        put_grid([[put_text("x")]], cell_widths="1fr 2fr")

    client = webio_client(app)
    rows, columns, given = client.find("grid")
    assert (rows.spec["cell_widths"], rows.spec["cell_heights"]) == ("repeat(3, 90px)", "repeat(3, auto)")
    # direction='column': each list is a column; b spans three rows of the first column
    assert (columns.spec["cell_widths"], columns.spec["cell_heights"]) == ("repeat(2, auto)", "repeat(4, auto)")
    assert given.spec["cell_widths"] == "1fr 2fr"
