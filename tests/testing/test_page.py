"""The page model applies protocol commands exactly as the browser does."""
from __future__ import annotations

import base64
from typing import Any

import pytest

from webio.testing.page import FormError, NotFoundError, Page, actions

ROOT = "#webio-scope-ROOT"


def output(page: Page, content: Any, scope: str = ROOT, position: int = -1, **spec: Any) -> None:
    if isinstance(content, dict):
        spec = {**content, **spec}
    else:
        spec = {"type": "text", "content": content, **spec}
    page.apply({"command": "output", "task_id": None, "spec": {**spec, "scope": scope, "position": position}})


def ctl(page: Page, **spec: Any) -> None:
    page.apply({"command": "output_ctl", "task_id": None, "spec": spec})


def test_positions_follow_the_manual_example() -> None:
    page = Page()
    output(page, "A")
    output(page, "B", position=0)
    output(page, "C", position=-2)
    output(page, "D", position=1)
    assert page.text.split("\n") == ["B", "D", "C", "A"]


def test_out_of_range_positions_clamp_to_the_ends() -> None:
    page = Page()
    output(page, "A")
    output(page, "Z", position=99)
    output(page, "first", position=-99)
    assert page.text.split("\n") == ["first", "A", "Z"]


def test_set_scope_if_exist_variants() -> None:
    page = Page()
    ctl(page, set_scope="#webio-scope-a", container=ROOT, position=-1, if_exist=None)
    output(page, "one", scope="#webio-scope-a")
    ctl(page, set_scope="#webio-scope-a", container=ROOT, position=-1, if_exist=None)
    assert page.container("#webio-scope-a").text == "one"  # type: ignore[union-attr]
    ctl(page, set_scope="#webio-scope-a", container=ROOT, position=-1, if_exist="clear")
    assert page.container("#webio-scope-a").text == ""  # type: ignore[union-attr]
    output(page, "two", scope="#webio-scope-a")
    ctl(page, set_scope="#webio-scope-a", container=ROOT, position=0, if_exist="remove")
    output(page, "after")
    assert page.container("#webio-scope-a").text == ""  # type: ignore[union-attr]
    ctl(page, set_scope="#webio-scope-b", container=ROOT, position=-1, if_exist="blank")
    assert page.container("#webio-scope-b").keep_height is False  # type: ignore[union-attr]
    ctl(page, set_scope="#webio-scope-b", container=ROOT, position=-1, if_exist="blank")
    assert page.container("#webio-scope-b").keep_height is True  # type: ignore[union-attr]
    ctl(page, loose="#webio-scope-b")
    assert page.container("#webio-scope-b").keep_height is False  # type: ignore[union-attr]
    assert page.scope_names() == ["ROOT", "a", "b"]


def test_nested_scopes_clear_and_remove() -> None:
    page = Page()
    ctl(page, set_scope="#webio-scope-outer", container=ROOT, position=-1, if_exist=None)
    ctl(page, set_scope="#webio-scope-inner", container="#webio-scope-outer", position=-1, if_exist=None)
    output(page, "deep", scope="#webio-scope-inner")
    output(page, "shallow", scope="#webio-scope-outer")
    assert page.container("#webio-scope-outer").text == "deep\nshallow"  # type: ignore[union-attr]
    ctl(page, remove="#webio-scope-inner")
    assert page.text == "shallow"
    ctl(page, clear="#webio-scope-outer")
    assert page.text == ""
    output(page, "lost", scope="#webio-scope-inner")
    assert "not on the page" in page.console[-1]


def test_clear_before_after_and_range() -> None:
    page = Page()
    for name in "abcde":
        ctl(page, set_scope=f"#webio-scope-{name}", container=ROOT, position=-1, if_exist=None)
        output(page, name.upper(), scope=f"#webio-scope-{name}")
    ctl(page, clear_range=["#webio-scope-a", "#webio-scope-c"])
    assert page.text.split("\n") == ["A", "C", "D", "E"]
    ctl(page, clear_before="#webio-scope-c")
    assert page.text.split("\n") == ["C", "D", "E"]
    ctl(page, clear_after="#webio-scope-d")
    assert page.text.split("\n") == ["C", "D"]


def test_container_dom_id_makes_an_output_a_scope() -> None:
    page = Page()
    output(page, {"type": "collapse", "title": "More", "contents": ["first"], "open": False,
                  "container_dom_id": "webio-scope-c1"})
    output(page, "second", scope="#webio-scope-c1")
    assert page.text == "More"  # a closed collapse shows its title only
    node = next(page.walk())
    assert node.all_text == "More\nfirst\nsecond"
    actions.click(page, "More")
    assert page.text == "More\nfirst\nsecond"
    ctl(page, remove="#webio-scope-c1")
    assert page.text == ""


def test_text_of_every_output_type() -> None:
    page = Page()
    output(page, {"type": "markdown", "content": "# Title\n**bold** [link](http://x) `code`\n- item"})
    output(page, {"type": "html", "content": "<p>Hello <b>you</b></p><script>alert(1)</script>"})
    output(page, {"type": "code", "content": "x = 1", "language": "python"})
    output(page, {"type": "alert", "color": "info", "contents": ["note"]})
    output(page, {"type": "link", "content": "Docs", "url": "http://x"})
    output(page, {"type": "image", "src": "data:,", "alt": "pic"})
    output(page, {"type": "file", "name": "a.txt", "label": "Get a.txt", "content": ""})
    output(page, {"type": "table", "header": True, "data": [["Name", "Age"], ["Ada", 36]]})
    output(page, {"type": "buttons", "callback_id": "cb", "buttons": [{"label": "Yes", "value": 0}]})
    output(page, {"type": "processbar", "name": "p", "value": 0.5, "label": None})
    output(page, {"type": "tabs", "tabs": [{"title": "T1", "contents": ["one"]}, {"title": "T2", "contents": ["two"]}]})
    output(page, {"type": "row", "contents": ["left", None, "right"]})
    output(page, {"type": "grid", "contents": [["g1", "g2"]]})
    output(page, {"type": "scrollable", "contents": ["scrolled"]})
    output(page, {"type": "loading", "shape": "border", "contents": []})
    output(page, {"type": "custom_widget", "template": "<b>{{who}}</b>{{#webio_output_parse}}w{{/webio_output_parse}}",
                  "data": {"who": "me", "w": {"type": "text", "content": "!"}}})
    output(page, "inline ", inline=True)
    output(page, "run", inline=True)
    assert page.text.split("\n") == [
        "Title", "bold link code", "item", "Hello you", "x = 1", "note", "Docs", "Get a.txt",
        "Name\tAge", "Ada\t36", "Yes", "50%", "T1 T2", "one", "left", "right", "g1\tg2", "scrolled",
        "me!", "inline run"]
    actions.click(page, "T2")
    assert "two" in page.text and "one" not in page.text.split("\n")


def test_processbar_updates_and_auto_close() -> None:
    page = Page()
    output(page, {"type": "processbar", "name": "job", "value": 0, "label": "Starting", "auto_close": True})
    ctl(page, processbar={"name": "job", "value": 0.5, "label": "Half"})
    assert page.text == "Half"
    ctl(page, processbar={"name": "job", "value": 1, "label": None})
    assert page.text == ""


def form_page(*inputs: dict[str, Any], **spec: Any) -> Page:
    page = Page()
    page.apply({"command": "input_group", "task_id": "t1", "spec": {"label": "Form", "inputs": list(inputs), **spec}})
    return page


def test_form_values_are_sent_as_the_browser_sends_them() -> None:
    page = form_page(
        {"type": "text", "name": "name", "label": "Name", "value": "x"},
        {"type": "number", "name": "age", "label": "Age"},
        {"type": "select", "name": "color", "label": "Color",
         "options": [{"label": "red", "value": 0}, {"label": "blue", "value": 1, "selected": True}]},
        {"type": "checkbox", "name": "tags", "label": "Tags",
         "options": [{"label": "a", "value": 0}, {"label": "b", "value": 1}]},
        {"type": "radio", "name": "size", "label": "Size", "options": [{"label": "S", "value": 0}]},
        {"type": "file", "name": "doc", "label": "Doc"},
    )
    form = page.form
    assert form is not None and form.labels == ["Name", "Age", "Color", "Tags", "Size", "Doc"]
    assert form.values == {"name": "x", "age": None, "color": "blue", "tags": [], "size": None, "doc": None}
    actions.upload(page, "doc", [("a.txt", b"hi")], now_ms=1.0)
    events = actions.submit(page, {"Name": "Ada", "age": "36", "color": "red", "tags": ["b", 0], "size": "S"})
    assert events == [{"event": "from_submit", "task_id": "t1", "data": {
        "name": "Ada", "age": 36, "color": 0, "tags": [1, 0], "size": 0,
        "doc": {"filename": "a.txt", "content": base64.b64encode(b"hi").decode(), "mime_type": "text/plain",
                "last_modified": 1.0}}}]


def test_form_errors_say_what_is_there() -> None:
    page = form_page({"type": "select", "name": "color", "label": "Color", "options": [{"label": "red", "value": 0}]},
                     {"type": "text", "name": "code", "label": "Code", "readonly": True})
    with pytest.raises(FormError, match=r"no option 'green'; its options are \['red'\]"):
        actions.fill(page, {"color": "green"})
    with pytest.raises(FormError, match="no input named 'x'; its inputs are"):
        actions.fill(page, {"x": 1})
    with pytest.raises(FormError, match="read-only"):
        actions.fill(page, {"code": "1"})
    with pytest.raises(FormError, match="no Cancel button"):
        actions.cancel(page)
    with pytest.raises(FormError, match="no form is shown"):
        actions.submit(Page())


def test_update_input_and_onchange_events() -> None:
    page = form_page({"type": "text", "name": "a", "label": "A", "onchange": True, "onblur": True})
    assert actions.fill(page, {"a": "x"}) == [
        {"event": "input_event", "task_id": "t1", "data": {"event_name": "change", "name": "a", "value": "x"}}]
    assert actions.blur(page, "a")[0]["data"]["event_name"] == "blur"
    page.apply({"command": "update_input", "task_id": "t1", "spec": {
        "target_name": "a", "attributes": {"valid_status": False, "invalid_feedback": "bad", "value": "y"}}})
    item = page.form["a"]  # type: ignore[index]
    assert (item.valid_status, item.invalid_feedback, item.value) == (False, "bad", "y")
    assert "bad" in page.text
    page.apply({"command": "update_input", "task_id": "t1", "spec": {"target_name": "a", "attributes": {"valid_status": 0}}})
    assert item.valid_status is None
    page.apply({"command": "destroy_form", "task_id": "t1", "spec": None})
    assert page.form is None


def test_actions_buttons_submit_reset_and_cancel() -> None:
    page = form_page({"type": "text", "name": "a", "label": "A", "value": "init"},
                     {"type": "actions", "name": "go", "label": "", "buttons": [
                         {"label": "Save", "value": 0, "type": "submit"}, {"label": "Reset", "value": 1, "type": "reset"},
                         {"label": "Quit", "value": 2, "type": "cancel"}]})
    actions.fill(page, {"a": "changed"})
    assert actions.press(page, "Reset") == []
    assert page.form["a"].value == "init"  # type: ignore[index]
    assert actions.press(page, "Save")[0]["data"] == {"a": "init", "go": 0}
    assert actions.press(page, "Quit") == [{"event": "from_cancel", "task_id": "t1", "data": None}]
    with pytest.raises(NotFoundError, match=r"no button 'Nope'; its buttons are \['Save', 'Reset', 'Quit'\]"):
        actions.press(page, "Nope")


def test_popup_toast_download_env_script_and_close() -> None:
    page = Page()
    page.apply({"command": "popup", "task_id": None, "spec": {
        "title": "Hi", "content": ["body"], "size": "normal", "implicit_close": True, "closable": True,
        "dom_id": "webio-scope-p1"}})
    output(page, "more", scope="#webio-scope-p1")
    assert page.popup is not None and page.popup.text == "Hi\nbody\nmore"
    page.apply({"command": "close_popup", "task_id": None, "spec": None})
    assert page.popup is None
    page.apply({"command": "toast", "task_id": None, "spec": {"content": "Saved", "duration": 2, "callback_id": "cb9"}})
    assert actions.click(page, "Saved") == [{"event": "callback", "task_id": "cb9", "data": None}]
    page.apply({"command": "download", "task_id": None, "spec": {"name": "a.txt", "content": base64.b64encode(b"x").decode()}})
    assert (page.downloads[0].name, page.downloads[0].content) == ("a.txt", b"x")
    page.apply({"command": "set_env", "task_id": None, "spec": {"title": "T"}})
    assert page.env == {"title": "T"}
    page.apply({"command": "close_session", "task_id": None, "spec": None})
    assert page.closed


def test_pins_answer_values_waits_and_callbacks() -> None:
    page = Page()
    output(page, {"type": "pin", "input": {"type": "select", "name": "fruit", "label": "Fruit",
                                           "options": [{"label": "apple", "value": 0}, {"label": "pear", "value": 1}]}})
    assert page.apply({"command": "pin_value", "task_id": "t1", "spec": {"name": "fruit"}}) == [
        {"event": "js_yield", "task_id": "t1", "data": {"name": "fruit", "value": 0}}]
    assert page.apply({"command": "pin_value", "task_id": "t2", "spec": {"name": "nope"}})[0]["data"] is None  # no such widget on the page
    page.apply({"command": "pin_wait", "task_id": "t3", "spec": {"names": ["fruit"], "timeout": None}})
    page.apply({"command": "pin_wait", "task_id": "t4", "spec": {"names": ["other"], "timeout": 1}})
    page.apply({"command": "pin_onchange", "task_id": None, "spec": {"name": "fruit", "callback_id": "cb1", "clear": False}})
    assert actions.set_pin(page, "fruit", "pear") == [
        {"event": "js_yield", "task_id": "t3", "data": {"name": "fruit", "value": 1}},
        {"event": "callback", "task_id": "cb1", "data": 1}]
    assert page.expire_pin_waits(0.5) == [] and page.expire_pin_waits(1.0) == [
        {"event": "js_yield", "task_id": "t4", "data": None}]
    page.apply({"command": "pin_update", "task_id": None, "spec": {"name": "fruit", "attributes": {"label": "Pick"}}})
    assert "Pick" in page.text
    page.apply({"command": "pin_onchange", "task_id": None, "spec": {"name": "fruit", "callback_id": None, "clear": True}})
    assert actions.set_pin(page, "fruit", 0) == []


def test_frames_arriving_out_of_order_are_applied_in_order() -> None:
    """Two HTTP requests can be answered out of order: no frame may be lost or applied twice."""
    import json as _json

    from webio.testing.browser import Browser

    def frame(seq: int, text: str) -> str:
        return _json.dumps({"seq": seq, "commands": [{"command": "output", "task_id": None, "spec": {
            "type": "text", "content": text, "scope": "#webio-scope-ROOT", "position": -1}}]})

    browser = Browser()
    browser.receive(frame(1, "one"))
    browser.receive(frame(3, "three"))  # early: waits for 2
    assert browser.page.text == "one"
    browser.receive(frame(2, "two"))
    browser.receive(frame(3, "three"))  # replayed by the next answer: dropped
    assert browser.page.text == "one\ntwo\nthree"
    assert browser.last_frame_seq == 3
