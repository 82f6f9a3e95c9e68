"""Popups, toasts, pins, run_js/eval_js, set_env, escaping, the closed state and async apps, in
Chromium against the real server (apps_session.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import XSS, closed_banner, panel, pwned, submit


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_session") as running:
        yield running


def log(page: Any) -> Any:
    return page.locator("#webio-scope-log")


def test_popup_in_its_three_forms(page: Any, server: AppServer) -> None:
    page.goto(server.app("popups"))
    page.get_by_role("button", name="plain").click()
    dialog = page.get_by_role("dialog", name="Plain popup")
    dialog.get_by_text("plain body").wait_for()
    assert page.locator(".modal-dialog.modal-lg").is_visible()
    dialog.get_by_role("button", name="close it").click()  # close_popup() from a callback
    dialog.wait_for(state="detached")

    page.get_by_role("button", name="with").click()
    dialog = page.get_by_role("dialog", name="Context popup")
    dialog.get_by_text("made inside with").wait_for()
    dialog.get_by_text("added later by scope").wait_for()
    page.mouse.click(5, 5)  # implicit_close=False: a click outside keeps it
    page.wait_for_timeout(300)
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Close").click()
    dialog.wait_for(state="detached")

    page.get_by_role("button", name="decorated").click()
    dialog = page.get_by_role("dialog", name="Decorated popup")
    dialog.get_by_text("made by a decorated function").wait_for()
    assert page.locator(".modal-dialog.modal-sm").is_visible()
    page.mouse.click(5, 5)  # implicit_close (default): a click outside closes it
    dialog.wait_for(state="detached")


def test_popup_closed_by_the_app_from_a_thread(page: Any, server: AppServer) -> None:
    page.goto(server.app("popup_thread"))
    page.get_by_role("button", name="sticky").click()
    dialog = page.get_by_role("dialog", name="Sticky popup")
    dialog.get_by_text("no way out but the server").wait_for()
    assert dialog.get_by_role("button", name="Close").count() == 0
    dialog.wait_for(state="detached", timeout=5000)


def test_toasts(page: Any, server: AppServer) -> None:
    page.goto(server.app("toasts"))
    page.get_by_role("button", name="info").click()
    toast = page.locator(".webio-toast", has_text="Saved!")
    toast.wait_for()
    assert page.get_by_role("status").filter(has_text="Saved!").count() == 1
    toast.wait_for(state="detached", timeout=3000)  # duration=1

    page.get_by_role("button", name="error").click()
    error = page.locator(".webio-toast", has_text="Something broke")
    assert error.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 40, 40)"
    page.get_by_role("button", name="custom").click()
    assert page.locator(".webio-toast", has_text="Custom colour").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"

    page.get_by_role("button", name="sticky").click()
    sticky = page.locator(".webio-toast", has_text="Click me to undo")
    sticky.wait_for()
    page.wait_for_timeout(2500)
    assert sticky.is_visible()  # duration=0: until the user acts
    assert error.count() == 0
    sticky.get_by_text("Click me to undo").click()
    page.get_by_text("undo requested").wait_for()
    assert sticky.count() == 0


def test_pins_read_write_wait_and_on_change(page: Any, server: AppServer) -> None:
    page.goto(server.app("pins"))
    page.get_by_role("button", name="read").click()
    log(page).get_by_text("read {'name': 'Ann', 'bio': '', 'level': 'mid', 'tags': [], 'size': None, 'volume': 10, 'act': None}").wait_for()

    page.get_by_label("Your name").fill("Bob")
    log(page).get_by_text("changed name -> 'Bob'").wait_for()
    page.get_by_label("Bio").fill("likes tea")
    page.get_by_label("Level").select_option(label="low")
    page.get_by_role("checkbox", name="Green").check()
    page.get_by_role("radio", name="M").check()
    log(page).get_by_text("size is now M").wait_for()
    page.get_by_label("Volume").focus()
    page.keyboard.press("ArrowRight")
    log(page).get_by_text("changed volume -> 11").wait_for()
    page.get_by_role("button", name="stop").click()
    log(page).get_by_text("action {'halt': True}").wait_for()
    page.get_by_role("button", name="read").click()
    log(page).get_by_text(
        "read {'name': 'Bob', 'bio': 'likes tea', 'level': 'low', 'tags': [2], 'size': 'M', 'volume': 11, 'act': {'halt': True}}"
    ).wait_for()

    page.get_by_role("button", name="write").last.click()
    page.get_by_text("Biography").wait_for()
    assert page.get_by_label("Your name").input_value() == "set by server"
    assert page.get_by_label("Level").evaluate("s => s.selectedOptions[0].textContent") == "high"
    assert page.get_by_role("checkbox", name="black").is_checked()
    assert not page.get_by_role("checkbox", name="blue").is_checked()
    assert page.get_by_text("a few words").is_visible()
    page.wait_for_timeout(300)
    assert log(page).get_by_text("set by server").count() == 0  # writes by the app are no changes
    page.get_by_role("button", name="read").click()
    log(page).get_by_text("'name': 'set by server'").wait_for()
    assert "'tags': ['black']" in log(page).inner_text()


def test_run_js_and_eval_js(page: Any, server: AppServer) -> None:
    page.goto(server.app("scripts"))
    page.get_by_text("scripts done").wait_for()
    assert page.locator("#target").inner_text() == "hello world"
    texts = page.locator("#webio-scope-ROOT > p").all_inner_texts()
    assert texts[:5] == [
        "sum = 5",
        "object = {'x': [1, 2], 'y': None, 'z': 's'}",
        "promise = 42",
        "rejected = None",
        "page text = 'hello world'",
    ]


def test_set_env_title_width_and_input_panel(page: Any, server: AppServer) -> None:
    page.goto(server.app("env"))
    page.wait_for_function("() => document.title === 'Custom title'")
    main = page.locator("#webio-main")
    page.wait_for_function("() => document.getElementById('webio-main').getBoundingClientRect().width <= 500")
    assert 400 < (main.bounding_box() or {"width": 0})["width"] <= 500
    age = panel(page).get_by_label("Age")
    age.wait_for()
    assert panel(page).evaluate("e => getComputedStyle(e).position") != "fixed"
    age.fill("33")
    submit(page)
    page.get_by_text("age 33").wait_for()
    panel(page).get_by_label("Last one").wait_for()
    assert panel(page).evaluate("e => getComputedStyle(e).position") == "fixed"


def test_escaping_everywhere(page: Any, server: AppServer, tmp_path: Path) -> None:
    page.goto(server.app("escaping"))
    form = panel(page)
    form.get_by_label("label " + XSS).wait_for()
    root = page.locator("#webio-scope-ROOT")
    for shown in (XSS, "cell " + XSS, "Head " + XSS, "collapse " + XSS, "tab " + XSS):
        assert root.get_by_text(shown, exact=True).count() >= 1, shown
    assert page.get_by_role("button", name=XSS, exact=True).is_visible()
    assert page.get_by_role("link", name="link " + XSS).is_visible()
    assert page.get_by_role("link", name="file " + XSS).is_visible()
    for shown in ("group " + XSS, "help " + XSS, "check " + XSS, "box " + XSS, "radio " + XSS, "dot " + XSS,
                  "upload " + XSS, "choose " + XSS):
        assert form.get_by_text(shown, exact=True).count() == 1, shown
    assert form.get_by_label("label " + XSS).get_attribute("placeholder") == "ph " + XSS
    assert form.get_by_label("select " + XSS).locator("option").evaluate_all("os => os.map(o => o.textContent)") == \
        ["option " + XSS, "plain"]

    page.get_by_role("button", name=XSS, exact=True).click()
    page.locator(".webio-toast").get_by_text("toast " + XSS, exact=True).wait_for()
    page.get_by_role("button", name="popup").click()
    page.get_by_role("dialog", name="popup " + XSS).get_by_text("popup body " + XSS).wait_for()
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="file " + XSS).click()
    assert info.value.suggested_filename.endswith(".txt")
    with page.expect_download() as info:
        page.get_by_role("button", name="download").click()
    assert info.value.suggested_filename.endswith(".bin")
    form.get_by_label("select " + XSS).select_option(label="option " + XSS)
    submit(page)
    page.get_by_text("got option " + XSS).wait_for()
    page.wait_for_timeout(300)
    assert page.locator("img").count() == 0
    assert not pwned(page)


def test_closed_state_after_the_app_ends(page: Any, server: AppServer) -> None:
    page.goto(server.app("ends"))
    page.get_by_text("about to finish").wait_for()
    title = page.title()
    closed_banner(page).wait_for()
    assert page.get_by_role("alert").filter(has_text="The session has ended").get_by_role("button", name="Reload").is_visible()
    page.wait_for_function("() => document.title.startsWith('[closed]')")
    assert page.title() == f"[closed] {title}"
    assert page.get_by_label("Leftover input").is_disabled()
    assert page.get_by_text("about to finish").is_visible()  # the outputs stay
    icon = page.locator("link[rel~=icon]").get_attribute("href") or ""
    assert icon.startswith("data:image/svg+xml")
    page.get_by_role("button", name="Reload").click()
    page.get_by_text("about to finish").wait_for()


def test_async_app(page: Any, server: AppServer) -> None:
    page.goto(server.app("async"))
    page.get_by_text("async app").wait_for()
    page.get_by_role("button", name="tap").click()
    page.get_by_text("async click tap #1").wait_for()
    panel(page).get_by_label("Name (async)").fill("Eve")
    submit(page)
    page.get_by_text("async hello Eve").wait_for()
    page.get_by_text("value from the page: 42").wait_for()
    page.get_by_role("button", name="tap").click()
    page.get_by_text("async click tap #2").wait_for()
    assert re.findall(r"async click tap #\d", page.locator("#webio-scope-ROOT").inner_text()) == [
        "async click tap #1", "async click tap #2"]
