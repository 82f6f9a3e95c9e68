"""input_group with every input type and option, update_input, actions, cancel, destroy_form."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from .conftest import cmd

XSS = '<img src=x onerror="window.__pwned=1">'


def form(client: Any, *inputs: dict[str, Any], task: str = "t1", **spec: Any) -> None:
    client.send(cmd("input_group", {"label": spec.pop("label", "Form <title>"), "inputs": list(inputs), **spec}, task_id=task))
    client.settle()


def submit(client: Any, name: str = "Submit") -> dict[str, Any]:
    client.page.locator("#webio-input-container").get_by_role("button", name=name, exact=True).click()
    ev: dict[str, Any] = client.server.event(name="from_submit")
    return ev


def test_text_like_inputs_and_their_values(client: Any) -> None:
    form(
        client,
        {"type": "text", "name": "t", "label": "Name " + XSS, "value": "Ann", "placeholder": "ph", "help_text": "help " + XSS},
        {"type": "number", "name": "n", "label": "Age", "value": 3},
        {"type": "float", "name": "f", "label": "Ratio", "value": 1.5},
        {"type": "password", "name": "p", "label": "Secret"},
        {"type": "date", "name": "d", "label": "Day", "value": "2024-02-03"},
        {"type": "color", "name": "c", "label": "Colour", "value": "#ff0000"},
        {"type": "url", "name": "u", "label": "Site"},
    )
    panel = client.page.locator("#webio-input-container")
    assert panel.locator(".card-header").inner_text() == "Form <title>"
    assert panel.get_by_text("Name " + XSS).count() == 1
    assert panel.get_by_text("help " + XSS).count() == 1
    assert panel.get_by_label("Name").get_attribute("placeholder") == "ph"
    panel.get_by_label("Name").fill("Bob")
    panel.get_by_label("Age").fill("42")
    panel.get_by_label("Ratio").fill("0.25")
    panel.get_by_label("Secret").fill("pw")
    ev = submit(client)
    assert ev["task_id"] == "t1"
    assert ev["data"] == {"t": "Bob", "n": 42, "f": 0.25, "p": "pw", "d": "2024-02-03", "c": "#ff0000", "u": ""}
    assert not client.page.evaluate("() => !!window.__pwned")


def test_empty_number_is_null_and_required_blocks_submit(client: Any) -> None:
    form(client, {"type": "number", "name": "n", "label": "N"}, {"type": "text", "name": "r", "label": "R", "required": True})
    client.page.locator("#webio-input-container").get_by_role("button", name="Submit").click()
    client.server.no_event(0.4)
    client.page.get_by_label("R").fill("x")
    assert submit(client)["data"] == {"n": None, "r": "x"}


def test_auto_focus(client: Any) -> None:
    form(client, {"type": "text", "name": "a", "label": "A"}, {"type": "text", "name": "b", "label": "B", "auto_focus": True})
    client.page.wait_for_function("() => document.activeElement && document.activeElement.closest('[data-webio-name=b]')")


def test_input_auto_focus_off(client: Any) -> None:
    client.send(cmd("set_env", {"input_auto_focus": False}))
    form(client, {"type": "text", "name": "a", "label": "A"})
    assert client.page.evaluate("() => document.activeElement === document.body")


def test_datalist_and_action_button(client: Any) -> None:
    form(
        client,
        {
            "type": "text",
            "name": "t",
            "label": "City",
            "datalist": ["Paris", "Rome"],
            "action": {"label": "Pick <now>", "callback_id": "act"},
        },
    )
    options = client.page.locator("datalist option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["Paris", "Rome"]
    client.page.get_by_role("button", name="Pick <now>").click()
    ev = client.server.event(name="callback")
    assert ev["task_id"] == "act"
    # The app answers with update_input, e.g. set_value(value, label): shows the label, read-only.
    client.send(cmd("update_input", {"target_name": "t", "attributes": {"value": "Today", "readonly": True}}, task_id="t1"))
    client.settle()
    assert client.page.get_by_label("City").input_value() == "Today"
    assert client.page.get_by_label("City").get_attribute("readonly") == ""


def test_textarea_plain(client: Any) -> None:
    form(client, {"type": "textarea", "name": "t", "label": "Text", "rows": 3, "value": "a\nb", "maxlength": 20})
    area = client.page.get_by_label("Text")
    assert area.get_attribute("rows") == "3" and area.get_attribute("maxlength") == "20"
    area.fill("line1\nline2")
    assert submit(client)["data"] == {"t": "line1\nline2"}


def test_code_textarea_with_codemirror_and_fullscreen(client: Any) -> None:
    form(
        client,
        {
            "type": "textarea",
            "name": "c",
            "label": "Code",
            "code": {"mode": "python", "theme": "darcula"},
            "value": "import os\n",
        },
    )
    editor = client.page.locator(".webio-code-editor .cm-content")
    assert "import os" in editor.inner_text()
    assert client.page.locator(".webio-code-editor .cm-editor .tok-keyword, .webio-code-editor .cm-line span").count() > 0
    editor.click()
    client.page.keyboard.press("Control+End")
    client.page.keyboard.press("Escape")
    assert client.page.locator(".webio-code-editor.webio-fullscreen").count() == 1
    client.page.keyboard.press("F11")
    assert client.page.locator(".webio-code-editor.webio-fullscreen").count() == 0
    client.page.keyboard.type("x = 1")
    assert submit(client)["data"]["c"] == "import os\nx = 1"


def test_select_native_single_and_multiple(client: Any) -> None:
    opts = [
        {"label": "Apple <a>", "value": 0},
        {"label": "Pear", "value": 1, "selected": True},
        {"label": "Fig", "value": 2, "disabled": True},
    ]
    form(
        client,
        {"type": "select", "name": "s", "label": "One", "options": opts},
        {"type": "select", "name": "m", "label": "Many", "options": opts, "multiple": True},
    )
    one = client.page.get_by_label("One")
    assert one.locator("option").all_inner_texts()[:3] == ["Apple <a>", "Pear", "Fig"]
    assert one.locator("option").nth(2).is_disabled()
    client.page.get_by_label("Many").select_option(["0", "1"])
    assert submit(client)["data"] == {"s": 1, "m": [0, 1]}


def test_single_select_with_nothing_selected_submits_its_first_enabled_option(client: Any) -> None:
    """As a plain <select> (and PyWebIO): left alone, `select('Pick', [...])` gives the first choice."""
    options = [{"label": "Off", "value": 0, "disabled": True}, {"label": "A", "value": 1}, {"label": "B", "value": 2}]
    form(client, {"type": "select", "name": "s", "label": "Pick", "options": options})
    assert client.page.get_by_label("Pick").evaluate("e => e.selectedOptions[0].textContent") == "A"
    assert submit(client)["data"] == {"s": 1}


def test_searchable_select(client: Any) -> None:
    opts = [{"label": n, "value": i} for i, n in enumerate(["Berlin", "Bern", "Paris", "Rome <x>"])]
    form(client, {"type": "select", "name": "s", "label": "City", "options": opts, "native": False, "multiple": True})
    toggle = client.page.locator(".webio-ss-toggle")
    assert toggle.inner_text() == "Please select"
    toggle.click()
    client.page.keyboard.type("ber")
    visible = client.page.locator(".webio-ss-list li:visible")
    assert visible.all_inner_texts() == ["Berlin", "Bern"]
    client.page.keyboard.press("ArrowDown")
    client.page.keyboard.press("Enter")
    client.page.locator(".webio-ss-menu input").fill("rome")
    client.page.get_by_role("option", name="Rome <x>").click()
    assert toggle.inner_text() == "Bern, Rome <x>"
    client.page.keyboard.press("Escape")
    assert submit(client)["data"] == {"s": [1, 3]}


def test_searchable_select_required(client: Any) -> None:
    form(
        client,
        {
            "type": "select",
            "name": "s",
            "label": "City",
            "options": [{"label": "A", "value": 0}],
            "native": False,
            "required": True,
        },
    )
    client.page.locator("#webio-input-container").get_by_role("button", name="Submit").click()
    client.page.get_by_text("Please select", exact=True).nth(1).wait_for()
    client.server.no_event(0.3)


def test_checkbox_and_radio(client: Any) -> None:
    opts = [
        {"label": "Red <r>", "value": 0, "selected": True},
        {"label": "Green", "value": 1},
        {"label": "Blue", "value": 2, "disabled": True},
    ]
    form(
        client,
        {"type": "checkbox", "name": "c", "label": "Colours", "options": opts, "inline": True},
        {"type": "radio", "name": "r", "label": "One colour", "options": opts},
        {"type": "radio", "name": "e", "label": "Empty", "options": [{"label": "X", "value": 0}]},
    )
    assert client.page.locator("[data-webio-name=c] .form-check-inline").count() == 3
    assert client.page.get_by_role("checkbox", name="Blue").is_disabled()
    client.page.locator("[data-webio-name=c]").get_by_label("Green").check()
    client.page.locator("[data-webio-name=r]").get_by_label("Green").check()
    assert submit(client)["data"] == {"c": [0, 1], "r": 1, "e": None}


def test_slider_with_value_indicator(client: Any) -> None:
    form(
        client,
        {"type": "slider", "name": "s", "label": "Level", "value": 20, "min_value": 0, "max_value": 50, "step": 5},
        {"type": "slider", "name": "f", "label": "Fine", "value": 0.5, "min_value": 0, "max_value": 1, "float": True},
    )
    level = client.page.get_by_label("Level")
    assert client.page.locator("[data-webio-name=s] output").inner_text() == "20"
    level.focus()
    client.page.keyboard.press("ArrowRight")
    assert client.page.locator("[data-webio-name=s] output").inner_text() == "25"
    data = submit(client)["data"]
    assert data == {"s": 25, "f": 0.5}


def test_actions_submit_reset_cancel(client: Any) -> None:
    form(
        client,
        {"type": "text", "name": "t", "label": "T", "value": "init"},
        {
            "type": "actions",
            "name": "a",
            "label": "Do",
            "buttons": [
                {"label": "Save", "value": 0, "type": "submit"},
                {"label": "Save <more>", "value": 1, "type": "submit", "color": "success"},
                {"label": "Undo", "type": "reset", "value": 2},
                {"label": "Nope", "type": "cancel", "value": 3},
            ],
        },
    )
    panel = client.page.locator("#webio-input-container")
    assert panel.get_by_role("button", name="Submit").count() == 0  # replaced by the actions
    panel.get_by_label("T").fill("changed")
    panel.get_by_role("button", name="Undo").click()
    assert panel.get_by_label("T").input_value() == "init"
    panel.get_by_role("button", name="Save <more>").click()
    assert client.server.event(name="from_submit")["data"] == {"t": "init", "a": 1}
    panel.get_by_role("button", name="Nope").click()
    ev = client.server.event(name="from_cancel")
    assert ev["task_id"] == "t1" and ev["data"] is None


def test_cancelable_group(client: Any) -> None:
    form(client, {"type": "text", "name": "t", "label": "T"}, cancelable=True)
    client.page.locator("#webio-input-container").get_by_role("button", name="Cancel").click()
    assert client.server.event(name="from_cancel")["task_id"] == "t1"


def test_onchange_and_onblur_events(client: Any) -> None:
    form(
        client,
        {"type": "text", "name": "t", "label": "T", "onchange": True, "onblur": True},
        {
            "type": "select",
            "name": "s",
            "label": "S",
            "onchange": True,
            "options": [{"label": "a", "value": 0}, {"label": "b", "value": 1}],
        },
        {
            "type": "checkbox",
            "name": "c",
            "label": "C",
            "onblur": True,
            "onchange": True,
            "options": [{"label": "x", "value": 0}],
        },
    )
    client.page.get_by_label("T").fill("hey")
    ev = client.server.event(name="input_event")
    assert ev["data"] == {"event_name": "change", "name": "t", "value": "hey"}
    client.page.get_by_label("S").focus()
    ev = client.server.event(name="input_event")
    assert ev["data"] == {"event_name": "blur", "name": "t", "value": "hey"}
    client.page.get_by_label("S").select_option("1")
    assert client.server.event(name="input_event")["data"] == {"event_name": "change", "name": "s", "value": 1}
    client.page.get_by_label("x").check()
    assert client.server.event(name="input_event")["data"] == {"event_name": "change", "name": "c", "value": [0]}
    client.page.get_by_label("T").focus()
    client.server.no_event(0.3)  # checkbox: no blur event


def test_validation_feedback_via_update_input(client: Any) -> None:
    form(client, {"type": "number", "name": "age", "label": "Age"})
    client.page.get_by_label("Age").fill("5")
    submit(client)
    client.send(
        cmd(
            "update_input",
            {"target_name": "age", "attributes": {"valid_status": False, "invalid_feedback": "Too young <!>"}},
            task_id="t1",
        )
    )
    client.settle()
    assert client.page.get_by_text("Too young <!>").is_visible()
    assert "is-invalid" in (client.page.get_by_label("Age").get_attribute("class") or "")
    client.send(
        cmd("update_input", {"target_name": "age", "attributes": {"valid_status": True, "valid_feedback": "Fine"}}, task_id="t1")
    )
    client.settle()
    assert client.page.get_by_text("Fine").is_visible()
    assert not client.page.get_by_text("Too young <!>").is_visible()
    client.send(cmd("update_input", {"target_name": "age", "attributes": {"valid_status": 0}}, task_id="t1"))
    client.settle()
    assert "is-valid" not in (client.page.get_by_label("Age").get_attribute("class") or "")


def test_update_input_every_attribute(client: Any) -> None:
    form(
        client,
        {"type": "select", "name": "city", "label": "City", "options": [{"label": "A", "value": 0}]},
        {"type": "radio", "name": "r", "label": "R", "options": [{"label": "x", "value": 0}, {"label": "y", "value": 1}]},
        {"type": "text", "name": "t", "label": "T"},
        {"type": "slider", "name": "s", "label": "S", "value": 1, "min_value": 0, "max_value": 10},
    )
    client.send(
        cmd(
            "update_input",
            {
                "target_name": "city",
                "attributes": {
                    "options": [{"label": "Rome", "value": 0}, {"label": "Oslo <o>", "value": 1, "selected": True}],
                    "label": "Town <t>",
                    "help_text": "pick one",
                },
            },
            task_id="t1",
        ),
        cmd("update_input", {"target_name": "r", "target_value": 1, "attributes": {"disabled": True}}, task_id="t1"),
        cmd(
            "update_input",
            {"target_name": "t", "attributes": {"placeholder": "type here", "value": "set", "disabled": True}},
            task_id="t1",
        ),
        cmd("update_input", {"target_name": "s", "attributes": {"max_value": 100, "value": 80}}, task_id="t1"),
    )
    client.settle()
    city = client.page.get_by_label("Town <t>")
    assert city.locator("option").all_inner_texts() == ["Rome", "Oslo <o>"]
    assert city.input_value() == "1"
    assert client.page.get_by_text("pick one").is_visible()
    assert client.page.get_by_role("radio", name="y").is_disabled()
    assert not client.page.get_by_role("radio", name="x").is_disabled()
    t = client.page.get_by_label("T", exact=True)
    assert t.get_attribute("placeholder") == "type here" and t.input_value() == "set" and t.is_disabled()
    assert client.page.locator("[data-webio-name=s] output").inner_text() == "80"


def test_file_upload_with_progress_and_limits(client: Any, tmp_path: Path) -> None:
    small = tmp_path / "small <1>.txt"
    small.write_bytes(b"hello")
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 3000)
    form(
        client,
        {
            "type": "file",
            "name": "f",
            "label": "Files",
            "multiple": True,
            "accept": ".txt,.bin",
            "max_size": 2000,
            "max_total_size": 0,
            "placeholder": "Pick files",
        },
    )
    file_input = client.page.locator("input[type=file]")
    assert file_input.get_attribute("accept") == ".txt,.bin"
    assert client.page.get_by_text("Pick files").is_visible()
    file_input.set_input_files([str(small), str(big)])
    client.page.get_by_text("big.bin is larger than the limit of").wait_for()
    client.page.locator("#webio-input-container").get_by_role("button", name="Submit").click()
    client.server.no_event(0.3)
    file_input.set_input_files([str(small)])
    assert client.page.get_by_text("small <1>.txt (5 B)").is_visible()
    ev = submit(client)
    [f] = ev["data"]["f"]
    assert f["filename"] == "small <1>.txt"
    assert base64.b64decode(f["content"]) == b"hello"
    assert f["mime_type"] == "text/plain" and isinstance(f["last_modified"], (int, float))


def test_file_upload_single_and_total_limit(client: Any, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(b"a" * 600)
    b = tmp_path / "b.txt"
    b.write_bytes(b"b" * 600)
    form(
        client,
        {"type": "file", "name": "one", "label": "One"},
        {"type": "file", "name": "many", "label": "Many", "multiple": True, "max_total_size": 1000},
    )
    client.page.get_by_label("Many").set_input_files([str(a), str(b)])
    client.page.get_by_text("The files together are larger than the limit of").wait_for()
    client.page.get_by_label("Many").set_input_files([str(a)])
    ev = submit(client)
    assert ev["data"]["one"] is None
    assert [x["filename"] for x in ev["data"]["many"]] == ["a.txt"]


def test_upload_progress_is_shown_for_large_files(client: Any, tmp_path: Path) -> None:
    big = tmp_path / "large.bin"
    big.write_bytes(b"\0" * (20 * 1024 * 1024))
    form(client, {"type": "file", "name": "f", "label": "F"})
    client.page.get_by_label("F").set_input_files(str(big))
    client.page.evaluate("""() => new MutationObserver(() => {
        const p = document.querySelector('.webio-upload-progress');
        if (p) window.__progress = (window.__progress || []).concat(p.innerText);
    }).observe(document.body, {subtree: true, childList: true, characterData: true})""")
    client.page.locator("#webio-input-container").get_by_role("button", name="Submit").click()
    ev = client.server.event(name="from_submit", timeout=30)
    assert len(base64.b64decode(ev["data"]["f"]["content"])) == 20 * 1024 * 1024
    seen = client.page.evaluate("() => window.__progress || []")
    assert any("Reading files" in s for s in seen)
    client.page.locator(".webio-upload-progress").wait_for(state="detached")


def test_destroy_form_and_stacked_forms(client: Any) -> None:
    form(client, {"type": "text", "name": "a", "label": "First"}, task="t1")
    form(client, {"type": "text", "name": "b", "label": "Second"}, task="t2")
    assert client.page.get_by_label("Second").is_visible()
    assert not client.page.get_by_label("First").is_visible()
    client.send(cmd("destroy_form", {}, task_id="t2"))
    client.settle()
    assert client.page.get_by_label("Second").count() == 0
    assert client.page.get_by_label("First").is_visible()
    client.send(cmd("destroy_form", {}, task_id="t1"))
    client.settle()
    assert client.page.locator("#webio-input-container form").count() == 0
    assert not client.page.locator("#webio-input-container").is_visible()
    assert (
        client.page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--webio-panel-space')") == "0px"
    )


def test_input_panel_fixed_and_not_fixed(client: Any) -> None:
    form(client, {"type": "text", "name": "a", "label": "A"})
    panel = client.page.locator("#webio-input-container")
    assert panel.evaluate("e => getComputedStyle(e).position") == "fixed"
    client.send(cmd("set_env", {"input_panel_init_height": 200}))
    client.settle()
    assert panel.evaluate("e => e.getBoundingClientRect().height") <= 201
    client.send(cmd("set_env", {"input_panel_fixed": False}))
    client.settle()
    assert panel.evaluate("e => getComputedStyle(e).position") == "static"
