"""Every output type, as a user sees it in Chromium, served by the real server (apps_outputs.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import pwned


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_outputs") as running:
        yield running


def open_app(page: Any, server: AppServer, name: str, last_text: str) -> None:
    page.goto(server.app(name))
    page.get_by_text(last_text).first.wait_for()


def test_text_markdown_and_html(page: Any, server: AppServer) -> None:
    open_app(page, server, "text", "end of text app")
    assert page.get_by_text("plain + text", exact=True).is_visible()
    assert page.locator("#webio-scope-ROOT").inner_text().count("inline oneinline two") == 1
    assert page.get_by_role("heading", name="Markdown title").is_visible()
    assert page.get_by_role("listitem").all_inner_texts() == ["first item", "second item"]
    assert page.get_by_role("link", name="link").get_attribute("href") == "https://example.invalid/"
    assert page.locator("strong", has_text="bold").is_visible()
    assert page.locator("p.raw b").inner_text() == "bold html"
    assert page.locator("p.clean i").inner_text() == "html"
    page.wait_for_timeout(300)  # a failed <img> load would have fired by now
    assert page.locator("img[onerror]").count() == 0
    assert page.locator(".webio-markdown script").count() == 0
    assert not pwned(page)


def test_code_and_alerts(page: Any, server: AppServer) -> None:
    open_app(page, server, "alerts", "end of alerts")
    code = page.locator("pre.webio-code")
    assert "def greet(name):" in code.inner_text()
    assert code.locator(".token.keyword").first.inner_text() == "def"
    alerts = page.get_by_role("alert")
    texts = [" ".join(t.split()) for t in alerts.all_inner_texts()]
    assert texts[:3] == ["An info note", "It worked really", "Careful now"]
    assert texts[3].startswith("It failed")
    assert page.locator(".alert-success strong").inner_text() == "really"
    page.locator(".alert-danger").get_by_role("button", name="Close").click()
    page.get_by_text("It failed").wait_for(state="detached")
    assert page.get_by_text("Careful now").is_visible()


def test_links_and_images(page: Any, server: AppServer) -> None:
    open_app(page, server, "images", "end of images")
    docs = page.get_by_role("link", name="External docs")
    assert docs.get_attribute("href") == "https://example.invalid/docs"
    assert docs.get_attribute("target") == "_blank"
    red = page.get_by_role("img", name="A red box")
    red.wait_for()
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert red.evaluate("i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width]") == [40, 20, 80]
    assert (red.get_attribute("src") or "").startswith("data:image/png;base64,")
    assert page.get_by_role("img", name="blue").evaluate("i => i.naturalWidth") == 10
    page.get_by_role("link", name="Go to tables").click()
    page.get_by_role("button", name="Edit").wait_for()
    assert page.url.endswith("?app=tables")


def test_file_downloads(page: Any, server: AppServer) -> None:
    open_app(page, server, "files", "Get the report")
    with page.expect_download() as info:
        page.get_by_role("link", name="Get the report").click()
    assert info.value.suggested_filename == "report.txt"
    assert open(info.value.path(), "rb").read() == b"line one\nline two\n"
    with page.expect_download() as info:
        page.get_by_role("button", name="Make CSV").click()
    assert info.value.suggested_filename == "numbers.csv"
    assert open(info.value.path(), "rb").read() == b"a,b\n1,2\n"


def test_tables_with_spans_and_outputs_in_cells(page: Any, server: AppServer) -> None:
    open_app(page, server, "tables", "Edit")
    first = page.get_by_role("table").nth(0)
    assert first.get_by_role("columnheader").all_inner_texts() == ["Name", "Contact", "Email", "Phone"]
    assert first.get_by_role("columnheader", name="Name").get_attribute("rowspan") == "2"
    assert first.get_by_role("columnheader", name="Contact").get_attribute("colspan") == "2"
    assert first.get_by_role("cell", name="unknown").get_attribute("colspan") == "2"
    assert first.locator("td strong").inner_text() == "ada@example.invalid"
    first.get_by_role("button", name="Edit").click()
    page.get_by_text("edit row 1").wait_for()

    second = page.get_by_role("table").nth(1)
    assert second.get_by_role("columnheader").all_inner_texts() == ["fruit", "count"]
    assert [r.strip() for r in second.locator("tbody tr").all_inner_texts()] == ["apple\t3", "pear\t5"]
    key = page.get_by_role("table").nth(2).get_by_text("Key")
    assert key.evaluate("e => getComputedStyle(e).color") == "rgb(0, 128, 0)"


def test_buttons_send_back_any_python_value(page: Any, server: AppServer) -> None:
    open_app(page, server, "buttons", "One button")
    log = page.locator("#webio-scope-log")
    page.get_by_role("button", name="A dict").click()
    log.get_by_text("got {'id': 7, 'tags': ['x']} (dict)").wait_for()
    page.get_by_role("button", name="A tuple").click()
    log.get_by_text("got (1, 'two') (tuple)").wait_for()
    page.get_by_role("button", name="None please").click()
    log.get_by_text("got None (NoneType)").wait_for()
    assert page.get_by_role("button", name="Off").is_disabled()
    assert "btn-success" in (page.get_by_role("button", name="A tuple").get_attribute("class") or "")
    small = page.get_by_role("button", name="small")
    assert "btn-sm" in (small.get_attribute("class") or "") and "btn-outline" in (small.get_attribute("class") or "")
    assert page.get_by_role("group").count() >= 1
    assert "btn-link" in (page.get_by_role("button", name="as link").get_attribute("class") or "")
    page.get_by_role("button", name="outline").click()
    log.get_by_text("got 'outline' (str)").wait_for()
    page.get_by_role("button", name="One button").click()
    log.get_by_text("one button clicked").wait_for()
    page.get_by_role("button", name="y", exact=True).click()
    log.get_by_text("got 'second' (str)").wait_for()
    assert log.inner_text().count("got") == 5


def test_processbar_and_loading(page: Any, server: AppServer) -> None:
    page.goto(server.app("progress"))
    page.get_by_text("working…").wait_for()
    spinner = page.locator(".spinner-grow")
    assert spinner.count() == 1
    assert page.get_by_role("status").count() >= 1
    assert page.locator("#webio-processbar-job").inner_text() == "step 4 of 4"
    assert page.get_by_role("progressbar").first.get_attribute("aria-valuenow") in ("100", "1")
    page.get_by_text("loaded").wait_for()
    assert page.locator(".spinner-grow").count() == 0
    assert page.get_by_text("working…").is_visible()  # outputs made inside the block stay
    assert page.locator("#webio-processbar-auto").count() == 0  # auto_close once it reached 1


def test_collapse_scrollable_and_tabs(page: Any, server: AppServer) -> None:
    open_app(page, server, "containers", "first pane")
    assert not page.get_by_text("hidden body").is_visible()
    assert page.get_by_text("shown body").is_visible()
    page.get_by_text("More details").click()
    page.get_by_text("hidden body").wait_for(state="visible")
    assert page.get_by_text("md inside").is_visible()

    box = page.locator(".webio-scrollable")
    assert 140 <= box.evaluate("e => e.clientHeight") <= 152
    assert box.evaluate("e => e.scrollHeight > e.clientHeight")
    page.wait_for_function("() => { const e = document.querySelector('.webio-scrollable');"
                           " return e.scrollTop + e.clientHeight >= e.scrollHeight - 2; }")
    assert page.get_by_text("log line 39").is_visible()

    assert page.get_by_role("tab").all_inner_texts() == ["First tab", "Second tab"]
    assert not page.get_by_text("second pane").is_visible()
    page.get_by_role("tab", name="Second tab").click()
    page.get_by_text("second pane").wait_for(state="visible")
    assert not page.get_by_text("first pane").is_visible()
    page.get_by_role("button", name="in tab").click()
    page.get_by_text("tab click").wait_for()


def test_row_column_and_grid(page: Any, server: AppServer) -> None:
    open_app(page, server, "layouts", "side")

    def box(text: str) -> dict[str, float]:
        found = page.get_by_text(text, exact=True).bounding_box()
        assert found is not None, text
        return found  # type: ignore[no-any-return]

    left, right = box("left cell"), box("right cell")
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] + 15
    assert left["width"] > 2.5 * right["width"]
    top, bottom = box("top cell"), box("bottom cell")
    assert abs(top["x"] - bottom["x"]) < 2 and bottom["y"] > top["y"]
    g1, g2, g3, wide, g6 = (box(t) for t in ("g1", "g2", "g3", "wide", "g6"))
    assert abs(g2["x"] - g1["x"] - 120) < 2 and abs(g3["x"] - g2["x"] - 120) < 2
    assert abs(wide["y"] - g1["y"] - 40) < 2 and abs(wide["x"] - g1["x"]) < 2
    assert abs(g6["x"] - g3["x"]) < 2  # the span(col=2) cell took two columns
    a, b, side = box("nested a"), box("nested b"), box("side")
    assert b["y"] > a["y"] and side["x"] > a["x"]


def test_scopes_positions_clear_remove_scroll(page: Any, server: AppServer) -> None:
    open_app(page, server, "scopes", "the bottom")
    items = page.locator("#webio-scope-list > .webio-text").all_inner_texts()
    assert items == ["A", "B", "C", "D"]
    assert page.get_by_text("replaced content").is_visible()
    assert page.get_by_text("other content").count() == 0
    assert page.locator("#webio-scope-ROOT > *").first.get_attribute("id") == "webio-scope-log"
    page.get_by_role("button", name="scroll bottom").click()
    page.wait_for_function("() => window.scrollY > 300")
    page.wait_for_function("() => { const r = document.getElementById('webio-scope-bottom').getBoundingClientRect();"
                           " return r.bottom <= window.innerHeight + 2 && r.top >= 0; }")
    page.get_by_role("button", name="scroll top").click()
    page.wait_for_function("() => { const r = document.getElementById('webio-scope-list').getBoundingClientRect();"
                           " return Math.abs(r.top) < 80; }")
    page.get_by_role("button", name="remove temp").click()
    page.get_by_text("temp removed").wait_for()
    assert page.locator("#webio-scope-temp").count() == 0
    assert page.get_by_text("temporary").count() == 0
    page.get_by_role("button", name="clear list").click()
    page.get_by_text("list cleared").wait_for()
    assert page.locator("#webio-scope-list").count() == 1
    assert page.locator("#webio-scope-list > *").count() == 0


def test_widget_style_and_onclick(page: Any, server: AppServer) -> None:
    open_app(page, server, "widget", "clickable markdown")
    widget = page.locator("details.my-widget")
    assert widget.locator("summary").inner_text() == "Widget <title>"
    assert widget.get_by_text("a plain string").is_visible()
    assert widget.locator("strong").inner_text() == "md in widget"
    widget.get_by_role("button", name="widget button").click()
    page.get_by_text("widget clicked").wait_for()

    styled = page.get_by_text("styled text")
    assert styled.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight]") == ["rgb(255, 0, 0)", "700"]
    assert page.get_by_text("styled by style()").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 255)"
    page.get_by_text("click this text").click()
    page.get_by_text("text was clicked").wait_for()
    md = page.locator(".webio-markdown", has_text="clickable markdown")
    assert md.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(0, 128, 0)"
    md.click()
    page.get_by_text("markdown was clicked").wait_for()
