"""Every input type and option, filled in by a user in Chromium (apps_inputs.py on the real server)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import closed_banner, panel, submit


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_inputs") as running:
        yield running


def result(page: Any, text: str) -> None:
    page.locator("#webio-scope-ROOT").get_by_text(text, exact=True).wait_for()


def test_text_with_datalist_placeholder_help_and_action(page: Any, server: AppServer) -> None:
    page.goto(server.app("text"))
    city = panel(page).get_by_label("City")
    city.wait_for()
    assert city.get_attribute("placeholder") == "type a city"
    assert panel(page).get_by_text("where you live").is_visible()
    list_id = city.get_attribute("list")
    assert page.locator(f"datalist#{list_id} option").evaluate_all("os => os.map(o => o.value)") == ["Paris", "Rome", "Lima"]
    assert city.evaluate("e => e === document.activeElement")  # the first input gets the focus
    panel(page).get_by_role("button", name="Use mine").click()
    page.wait_for_function("() => document.querySelector('#webio-input-container input').value === 'Oslo'")
    city.press("End")
    city.type("!")
    city.press("Enter")
    result(page, "city = 'Oslo!'")

    panel(page).get_by_role("button", name="Pick secret").click()
    code = panel(page).get_by_label("Code")
    page.wait_for_function("() => document.querySelector('#webio-input-container input').value === 'the answer'")
    assert code.get_attribute("readonly") is not None  # the label stands for another value
    submit(page)
    result(page, "code = {'id': 42}")


def test_number_float_and_password(page: Any, server: AppServer) -> None:
    page.goto(server.app("numbers"))
    form = panel(page)
    form.get_by_label("Count").wait_for()
    assert form.get_by_label("Count").get_attribute("type") == "number"
    assert form.get_by_label("Secret").get_attribute("type") == "password"
    form.get_by_label("Count").fill("-3")
    form.get_by_label("Ratio").fill("2.5")
    form.get_by_label("Secret").fill("hunter2")
    submit(page)
    form.get_by_text("must be positive").wait_for()
    assert "is-invalid" in (form.get_by_label("Count").get_attribute("class") or "")
    form.get_by_label("Count").fill("12")
    submit(page)
    result(page, "numbers = (12, 2.5, 'hunter2')")


def test_textarea_and_code_editor(page: Any, server: AppServer) -> None:
    page.goto(server.app("textareas"))
    notes = panel(page).get_by_label("Notes")
    notes.wait_for()
    assert notes.get_attribute("rows") == "3" and notes.get_attribute("placeholder") == "write here"
    assert notes.get_attribute("maxlength") == "50"
    notes.fill("first line\nsecond line")
    editor = panel(page).locator(".cm-content")
    editor.wait_for()
    assert "x = 1" in editor.inner_text()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("def f():")
    page.keyboard.press("Enter")
    page.keyboard.type("return 2")
    assert panel(page).locator(".cm-line").count() >= 3
    assert panel(page).locator(".tok-keyword, .cm-line span").count() > 0  # highlighted as Python
    submit(page)
    result(page, "notes = 'first line\\nsecond line'")
    result(page, "code = 'x = 1\\ndef f():\\n    return 2'")


def test_select_checkbox_and_radio(page: Any, server: AppServer) -> None:
    page.goto(server.app("choices"))
    form = panel(page)
    fruit = form.get_by_label("Fruit")
    fruit.wait_for()
    assert fruit.locator("option").all_inner_texts() == ["apple", "Pear", "Fig"]
    assert fruit.evaluate("s => s.selectedOptions[0].textContent") == "Pear"  # value= preselects
    assert fruit.locator("option").nth(2).is_disabled()
    colours = form.get_by_label("Colours")
    assert colours.evaluate("s => [...s.selectedOptions].map(o => o.textContent)") == ["Blue"]
    colours.select_option(label=["Red", "Blue"])
    assert form.get_by_role("checkbox", name="ham").is_checked()
    form.get_by_role("checkbox", name="Olives").check()
    form.get_by_role("checkbox", name="ham").uncheck()
    form.get_by_role("radio", name="Medium").check()
    form.get_by_role("checkbox", name="I agree").check()
    submit(page)
    result(page, "choices = {'fruit': {'kind': 'pear'}, 'colours': ['r', 'b'], 'extras': [7], 'size': 'M', 'agree': ['I agree']}")


def test_sliders(page: Any, server: AppServer) -> None:
    page.goto(server.app("sliders"))
    volume = panel(page).get_by_label("Volume")
    volume.wait_for()
    assert volume.get_attribute("type") == "range"
    assert panel(page).locator("[data-webio-name=volume] output").inner_text() == "20"
    volume.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert panel(page).locator("[data-webio-name=volume] output").inner_text() == "30"
    balance = panel(page).get_by_label("Balance")
    balance.focus()
    page.keyboard.press("ArrowLeft")
    submit(page)
    result(page, "volume = 30")
    result(page, "balance = 0.4")


def test_actions_submit_reset_and_cancel(page: Any, server: AppServer) -> None:
    page.goto(server.app("actions"))
    panel(page).get_by_text("choose wisely").wait_for()
    assert panel(page).get_by_role("button", name="Submit").count() == 0
    panel(page).get_by_role("button", name="Yes").click()
    result(page, "picked = {'ok': True}")

    title = panel(page).get_by_label("Title")
    title.fill("changed")
    panel(page).get_by_role("button", name="Undo").click()
    assert title.input_value() == "draft"
    title.fill("final")
    panel(page).get_by_role("button", name="Save").click()
    result(page, "edit = {'title': 'final', 'act': 'save'}")

    panel(page).get_by_role("button", name="Nope").click()
    result(page, "edit = None")
    closed_banner(page).wait_for()


def strip_upload_limits(page: Any) -> None:
    """Acts as a client that skips its own size checks: the server must still refuse big files."""

    def strip(frame: Any) -> None:
        for command in frame.get("commands") or []:
            if command.get("command") == "input_group":
                for item in command["spec"]["inputs"]:
                    item.pop("max_size", None)
                    item.pop("max_total_size", None)

    def handler(ws: Any) -> None:
        server = ws.connect_to_server()

        def from_server(message: Any) -> None:
            data = json.loads(message)
            for frame in data if isinstance(data, list) else [data]:
                strip(frame)
            ws.send(json.dumps(data))

        server.on_message(from_server)

    page.route_web_socket(re.compile(r".*"), handler)


def test_file_upload_accept_multiple_and_size_limits(page: Any, server: AppServer, tmp_path: Path) -> None:
    strip_upload_limits(page)
    page.goto(server.app("uploads"))
    chooser = panel(page).get_by_label("Pictures")
    chooser.wait_for(state="attached")
    assert chooser.get_attribute("accept") == "image/*,.txt"
    assert chooser.get_attribute("multiple") is not None
    assert panel(page).get_by_text("Pick pictures").is_visible()
    a, b = tmp_path / "a.txt", tmp_path / "b <i>.txt"
    a.write_bytes(b"alpha")
    b.write_bytes(b"bravo!!")
    chooser.set_input_files([str(a), str(b)])
    panel(page).get_by_text("2 files selected").wait_for()
    submit(page)
    result(page, "files = [('a.txt', 5, b'alpha'), ('b <i>.txt', 7, b'bravo')]")

    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 100)
    panel(page).get_by_label("Small file").set_input_files(str(big))
    submit(page)
    # The browser was told no limit (see strip_upload_limits): the refusal comes from the server.
    panel(page).get_by_text("'big.bin' is larger than the limit of").wait_for()
    small = tmp_path / "ok.txt"
    small.write_bytes(b"tiny")
    panel(page).get_by_label("Small file").set_input_files(str(small))
    submit(page)
    result(page, "small = 'ok.txt'")


def test_browser_side_size_check(page: Any, server: AppServer, tmp_path: Path) -> None:
    page.goto(server.app("uploads"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    panel(page).get_by_label("Pictures").set_input_files(str(big))
    panel(page).get_by_text("big.txt is larger than the limit of").wait_for()


def test_input_group_validate_and_cancelable(page: Any, server: AppServer) -> None:
    page.goto(server.app("groups"))
    form = panel(page)
    form.get_by_label("A").wait_for()
    assert form.get_by_role("button", name="Cancel").count() == 0
    form.get_by_label("A").fill("3")
    form.get_by_label("B").fill("4")
    submit(page)
    form.get_by_text("a + b must be 10").wait_for()
    form.get_by_label("B").fill("7")
    submit(page)
    result(page, "sum = {'a': 3, 'b': 7}")
    panel(page).get_by_label("Nickname").fill("ignored")
    panel(page).get_by_role("button", name="Cancel").click()
    result(page, "optional = None")


def test_onchange_and_input_update(page: Any, server: AppServer) -> None:
    page.goto(server.app("onchange"))
    form = panel(page)
    city = form.get_by_label("City")
    city.wait_for()
    assert city.locator("option").all_inner_texts() == ["Paris", "Lyon"]
    form.get_by_label("Country").select_option(label="Italy")
    page.wait_for_function("() => document.querySelectorAll('[data-webio-name=city] option').length === 3")
    assert city.locator("option").all_inner_texts() == ["Rome", "Milan", "Turin"]
    form.get_by_text("3 cities in Italy").wait_for()
    form.get_by_label("Note").fill("hi")
    form.get_by_text("too short").wait_for()
    form.get_by_label("Note").fill("hello")
    page.wait_for_function("() => !document.querySelector('[data-webio-name=note] input').classList.contains('is-invalid')")
    city.select_option(label="Turin")
    submit(page)
    result(page, "travel = {'country': 'Italy', 'city': 'Turin', 'note': 'hello'}")


def test_required_inputs(page: Any, server: AppServer) -> None:
    page.goto(server.app("required"))
    name = panel(page).get_by_label("Name")
    name.wait_for()
    assert name.get_attribute("required") is not None
    submit(page)
    page.wait_for_timeout(300)
    assert name.evaluate("e => e.validity.valueMissing")
    assert page.locator("#webio-scope-ROOT").inner_text().strip() == ""  # nothing was submitted
    name.fill("Ada")
    submit(page)
    result(page, "name = 'Ada'")
    panel(page).get_by_label("Extra").fill("more")
    submit(page)
    page.wait_for_timeout(300)
    assert panel(page).get_by_role("radio", name="x").evaluate("e => e.validity.valueMissing")
    panel(page).get_by_role("radio", name="y").check()
    submit(page)
    result(page, "more = {'pick': 'y', 'extra': 'more'}")
