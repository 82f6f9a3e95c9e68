"""Popup, toast, set_env, run_script/eval, download, pin commands, and the session's closed state."""

from __future__ import annotations

import base64
from typing import Any

from .conftest import cmd, out

XSS = '<img src=x onerror="window.__pwned=1">'


def test_popup_sizes_title_and_scope(client: Any) -> None:
    client.send(
        cmd(
            "popup",
            {
                "title": "Hi " + XSS,
                "content": ["body text", {"type": "markdown", "content": "**md**", "sanitize": True}],
                "size": "large",
                "implicit_close": True,
                "closable": True,
                "dom_id": "webio-scope-pop",
            },
        )
    )
    client.settle()
    dialog = client.page.get_by_role("dialog")
    dialog.wait_for()
    assert client.page.locator(".modal-title").inner_text() == "Hi " + XSS
    assert client.page.locator(".modal-dialog.modal-lg").count() == 1
    client.send(out("text", content="later in popup", scope="#webio-scope-pop"))
    client.settle()
    assert "later in popup" in client.page.locator(".modal-body").inner_text()
    client.page.keyboard.press("Escape")
    client.page.locator(".modal").wait_for(state="detached")
    assert not client.page.evaluate("() => !!window.__pwned")


def test_popup_not_closable_and_close_popup(client: Any) -> None:
    client.send(
        cmd("popup", {"title": "Locked", "content": ["wait"], "size": "small", "implicit_close": False, "closable": False})
    )
    client.settle()
    client.page.get_by_role("dialog").wait_for()
    assert client.page.locator(".modal .btn-close").count() == 0
    assert client.page.locator(".modal-dialog.modal-sm").count() == 1
    client.page.keyboard.press("Escape")
    client.page.mouse.click(5, 5)
    client.page.wait_for_timeout(200)
    assert client.page.get_by_role("dialog").is_visible()
    client.send(cmd("close_popup"))
    client.settle()
    client.page.locator(".modal").wait_for(state="detached")
    assert client.page.locator(".modal-backdrop").count() == 0


def test_new_popup_replaces_the_old_one(client: Any) -> None:
    client.send(
        cmd("popup", {"title": "One", "content": ["1"], "size": "normal", "implicit_close": True, "closable": True}),
        cmd("popup", {"title": "Two", "content": ["2"], "size": "normal", "implicit_close": True, "closable": True}),
    )
    client.settle()
    assert client.page.locator(".modal-title").all_inner_texts() == ["Two"]
    assert client.page.locator(".modal-backdrop").count() == 1
    client.page.get_by_role("button", name="Close").click()
    client.page.locator(".modal").wait_for(state="detached")
    assert client.page.locator(".modal-backdrop").count() == 0


def test_toast_text_position_colour_callback(client: Any) -> None:
    client.send(
        cmd("toast", {"content": "Saved " + XSS, "duration": 0, "position": "right", "color": "#123456", "callback_id": "tcb"}),
        cmd("toast", {"content": "Short", "duration": 0.3, "position": "left", "color": "error"}),
    )
    client.settle()
    toast = client.page.locator(".webio-toast").first
    assert toast.inner_text().strip() == "Saved " + XSS
    assert toast.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(18, 52, 86)"
    assert "webio-right" in (toast.get_attribute("class") or "")
    client.page.get_by_text("Short").wait_for(state="detached", timeout=3000)
    toast.click()
    assert client.server.event(name="callback")["task_id"] == "tcb"
    assert client.page.locator(".webio-toast").count() == 0
    assert not client.page.evaluate("() => !!window.__pwned")


def test_toast_close_button_without_duration(client: Any) -> None:
    client.send(cmd("toast", {"content": "Stay", "duration": 0, "position": "center", "color": "info"}))
    client.settle()
    client.page.locator(".webio-toast").get_by_role("button", name="Close").click()
    assert client.page.locator(".webio-toast").count() == 0
    client.server.no_event(0.2)


def test_set_env_title_width_animation_scroll(client: Any) -> None:
    client.send(
        cmd(
            "set_env",
            {"title": "New <title>", "output_max_width": "500px", "output_animation": False, "auto_scroll_bottom": True},
        )
    )
    client.send(out("text", content="x"))
    client.settle()
    assert client.page.title() == "New <title>"
    assert client.page.locator("#webio-main").evaluate("e => e.getBoundingClientRect().width") <= 500
    assert client.page.locator(".webio-enter").count() == 0
    client.send(*[out("text", content=f"line {i}") for i in range(300)])
    client.settle()
    client.page.wait_for_function("() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 5")


def test_small_batches_animate_large_ones_do_not(client: Any) -> None:
    client.send(out("text", content="one"))
    client.settle()
    assert client.page.locator(".webio-enter").count() == 1
    client.send(*[out("text", content=f"n{i}") for i in range(50)])
    client.settle()
    assert client.page.locator(".webio-enter").count() == 1


def test_run_script_with_args(client: Any) -> None:
    client.send(
        cmd("run_script", {"code": "window.__sum = a + b.c", "args": {"a": 1, "b": {"c": 2}}, "eval": False}, task_id="r1")
    )
    client.settle()
    assert client.page.evaluate("() => window.__sum") == 3
    client.server.no_event(0.2)


def test_eval_returns_value_promise_and_null_on_reject(client: Any) -> None:
    client.send(cmd("run_script", {"code": "x * 2", "args": {"x": 21}, "eval": True}, task_id="e1"))
    ev = client.server.event(name="js_yield")
    assert ev["task_id"] == "e1" and ev["data"] == 42
    client.send(
        cmd(
            "run_script",
            {"code": "new Promise(r => setTimeout(() => r({ok: location.pathname}), 50))", "args": {}, "eval": True},
            task_id="e2",
        )
    )
    ev = client.server.event(name="js_yield")
    assert ev["task_id"] == "e2" and ev["data"] == {"ok": "/"}
    client.send(cmd("run_script", {"code": "Promise.reject(new Error('no'))", "args": {}, "eval": True}, task_id="e3"))
    ev = client.server.event(name="js_yield")
    assert ev["task_id"] == "e3" and ev["data"] is None
    client.send(
        cmd(
            "run_script",
            {"code": "(function(){ var a = 1; a += b; return a; })()", "args": {"b": 100}, "eval": True},
            task_id="e4",
        )
    )
    assert client.server.event(name="js_yield")["data"] == 101
    client.send(cmd("run_script", {"code": "undefined_name.x", "args": {}, "eval": True}, task_id="e5"))
    assert client.server.event(name="js_yield")["data"] is None


def test_download(client: Any) -> None:
    with client.page.expect_download() as info:
        client.send(cmd("download", {"name": "report.csv", "content": base64.b64encode(b"a,b\n1,2\n").decode()}))
    download = info.value
    assert download.suggested_filename == "report.csv"
    assert open(download.path(), "rb").read() == b"a,b\n1,2\n"


def pin(name: str, **spec: Any) -> dict[str, Any]:
    return out("pin", input={"name": name, "label": spec.pop("label", name), **spec})


def test_pin_widgets_value_update(client: Any) -> None:
    client.send(
        pin("txt", type="text", value="v0"),
        pin("sel", type="select", options=[{"label": "a", "value": 0}, {"label": "b", "value": 1}]),
        pin("chk", type="checkbox", options=[{"label": "x", "value": 0}, {"label": "y", "value": 1}]),
        pin("rad", type="radio", options=[{"label": "r1", "value": 0}, {"label": "r2", "value": 1}]),
        pin("sld", type="slider", value=3, min_value=0, max_value=10),
        pin("area", type="textarea", value="hello"),
        pin("act", type="actions", buttons=[{"label": "Go", "value": 0, "type": "submit"}]),
    )
    client.settle()
    client.send(cmd("pin_value", {"name": "txt"}, task_id="p1"))
    ev = client.server.event(name="js_yield")
    assert ev["task_id"] == "p1" and ev["data"] == {"name": "txt", "value": "v0"}
    client.page.get_by_role("checkbox", name="y").check()
    client.page.get_by_role("radio", name="r2").check()
    client.page.get_by_role("button", name="Go").click()
    for name, expected in [("chk", [1]), ("rad", 1), ("sld", 3), ("area", "hello"), ("act", 0), ("sel", 0), ("missing", None)]:
        client.send(cmd("pin_value", {"name": name}, task_id="p-" + name))
        ev = client.server.event(name="js_yield")
        assert ev["task_id"] == "p-" + name
        assert ev["data"] == (None if name == "missing" else {"name": name, "value": expected})
    client.send(cmd("pin_update", {"name": "txt", "attributes": {"value": "new", "label": "Text <l>", "help_text": "hint"}}))
    client.settle()
    assert client.page.get_by_label("Text <l>").input_value() == "new"
    assert client.page.get_by_text("hint").is_visible()


def test_pin_wait_change_and_timeout(client: Any) -> None:
    client.send(pin("a", type="text"), pin("b", type="text"))
    client.send(cmd("pin_wait", {"names": ["a", "b"], "timeout": None}, task_id="w1"))
    client.settle()
    client.page.get_by_label("b", exact=True).fill("typed")
    ev = client.server.event(name="js_yield")
    assert ev["task_id"] == "w1" and ev["data"] == {"name": "b", "value": "typed"}
    client.send(cmd("pin_wait", {"names": ["a"], "timeout": 0.3}, task_id="w2"))
    ev = client.server.event(name="js_yield", timeout=3)
    assert ev["task_id"] == "w2" and ev["data"] is None


def test_pin_onchange_and_clear(client: Any) -> None:
    client.send(
        pin("s", type="select", options=[{"label": "a", "value": 0}, {"label": "b", "value": 1}]),
        cmd("pin_onchange", {"name": "s", "callback_id": "cb1", "clear": False}),
    )
    client.settle()
    client.page.get_by_label("s").select_option("1")
    ev = client.server.event(name="callback")
    assert ev["task_id"] == "cb1" and ev["data"] == 1
    client.send(cmd("pin_onchange", {"name": "s", "callback_id": None, "clear": True}))
    client.settle()
    client.page.get_by_label("s").select_option("0")
    client.server.no_event(0.4)


def test_same_pin_name_retires_the_old_widget(client: Any) -> None:
    client.send(pin("p", type="text", value="old", label="Old"), pin("p", type="text", value="new", label="New"))
    client.send(cmd("pin_value", {"name": "p"}, task_id="v"))
    assert client.server.event(name="js_yield")["data"] == {"name": "p", "value": "new"}


def test_close_session_shows_closed_state(client: Any) -> None:
    client.send(
        cmd("set_env", {"title": "My app"}),
        cmd("input_group", {"label": "L", "inputs": [{"type": "text", "name": "a", "label": "A"}]}, task_id="t"),
        out("buttons", callback_id="cb", buttons=[{"label": "Click", "value": 0}]),
    )
    client.settle()
    icon_before = client.page.locator("link[rel=icon]").get_attribute("href")
    client.send(cmd("close_session"))
    client.settle()
    banner = client.page.get_by_role("alert").filter(has_text="The session has ended")
    banner.wait_for()
    assert client.page.title() == "[closed] My app"
    assert client.page.locator("link[rel=icon]").get_attribute("href") != icon_before
    assert client.page.get_by_label("A").is_disabled()
    client.page.get_by_role("button", name="Click").click()
    client.server.no_event(0.3)


def test_socket_loss_without_reconnect_closes(client: Any) -> None:
    client.server.drop_socket()
    client.page.get_by_text("The session has ended").wait_for()
