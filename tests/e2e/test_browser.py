"""Real server, real browser: what a user of the example apps (tests/e2e/apps.py) sees and does."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def panel(page: Any) -> Any:
    return page.locator("#webio-input-container")


def test_form_round_trip(page: Any, server_url: str, tmp_path: Path) -> None:
    page.goto(server_url + "?app=index")
    page.get_by_role("heading", name="Hello").wait_for()
    panel(page).get_by_label("Your name").fill("Ada <3>")
    panel(page).get_by_role("button", name="Submit").click()
    page.get_by_text("Hi Ada <3>").wait_for()

    form = panel(page)
    form.get_by_label("Age").fill("12")
    form.get_by_label("Ratio").fill("0.5")
    form.get_by_label("Fruit").select_option(label="pear")
    form.get_by_label("b").check()
    form.get_by_label("M").check()
    form.get_by_label("Notes").fill("two\nlines")
    form.get_by_role("button", name="Submit").click()
    form.get_by_text("Too young").wait_for()
    form.get_by_label("Age").fill("30")
    form.get_by_role("button", name="Submit").click()
    page.get_by_text("age=30 ratio=0.5 fruit=pear extras=['b'] size=M level=3 notes=two").wait_for()

    f = tmp_path / "hello.txt"
    f.write_bytes(b"hello world")
    panel(page).get_by_label("A file").set_input_files(str(f))
    panel(page).get_by_role("button", name="Submit").click()
    page.get_by_text("file hello.txt 11 bytes").wait_for()

    panel(page).get_by_role("button", name="yes").click()
    page.get_by_text("choice=yes").wait_for()
    page.get_by_text("The session has ended").wait_for()


def test_callbacks_popup_toast_eval_and_pins(page: Any, server_url: str) -> None:
    page.goto(server_url + "?app=clicks")
    page.get_by_text("href ends with /").wait_for()
    page.wait_for_function("() => document.title === 'run_js 7'")
    page.get_by_role("button", name="one").click()
    page.get_by_text("clicked one").wait_for()
    page.get_by_role("button", name="popup").click()
    page.get_by_role("dialog").get_by_text("inside popup").wait_for()
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    page.get_by_role("button", name="toast").click()
    page.locator(".webio-toast").get_by_text("A toast").wait_for()
    page.get_by_label("Sel").select_option(label="y")
    page.get_by_text("pin s = y").wait_for()
    page.get_by_text("pin.s = y").wait_for()


def test_many_outputs_arrive_quickly(page: Any, server_url: str) -> None:
    page.goto(server_url + "?app=flood")
    page.get_by_text("done", exact=True).wait_for(timeout=30_000)
    ms = page.evaluate("() => performance.now()")
    print(f"\nflood app ({server_url}): 5000 lines + 2000x5 table shown {ms:.0f} ms after navigation start")
    assert page.locator("#webio-scope-ROOT > p.webio-text").count() >= 5001
    assert page.locator("table tbody tr").count() == 2000
    assert page.locator("#webio-processbar-bar").inner_text() == "100%"
    page.wait_for_function("() => document.getElementById('webio-scope-tail').childElementCount === 0")


def test_websocket_resume_after_a_dropped_connection(page: Any, server_url: str) -> None:
    page.goto(server_url + "?app=clicks")
    page.get_by_text("href ends with /").wait_for()
    if page.evaluate("() => window.webio.config.transport") != "websocket":
        return  # HTTP has no connection to lose
    page.evaluate("() => window.webio.session.transport.ws.close()")
    page.get_by_role("button", name="one").click()
    page.get_by_text("clicked one").wait_for()
    assert page.evaluate("() => window.webio.session.state") == "open"
    assert not page.get_by_text("The session has ended").is_visible()
