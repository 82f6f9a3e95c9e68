"""put_datatable in Chromium with the real server (apps_datatable.py): rows, selection, actions,
live updates, 100,000 virtual rows, the dark theme, and the grid's script loaded only when needed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import XSS, pwned

ROWS = ".webio-datatable .ag-row"


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_datatable") as running:
        yield running


def open_app(page: Any, server: AppServer, name: str) -> None:
    page.goto(server.app(name))
    # generous: 100,000 rows are megabytes to send and parse on a busy test machine
    page.get_by_text(f"{name} ready").wait_for(timeout=60_000)
    page.locator(ROWS).first.wait_for(timeout=60_000)


def column(page: Any, col: str) -> list[str]:
    """The texts of one column, top to bottom as shown."""
    cells = page.locator(f"{ROWS} [col-id='{col}']")
    texts: list[tuple[int, str]] = []
    for i in range(cells.count()):
        cell = cells.nth(i)
        index = int(cell.evaluate("c => c.closest('.ag-row').getAttribute('row-index')"))
        texts.append((index, cell.inner_text()))
    return [text for _, text in sorted(texts)]


def log_texts(page: Any) -> list[str]:
    return page.locator("#webio-scope-log p").all_inner_texts()


def test_rows_show_as_text(page: Any, server: AppServer) -> None:
    open_app(page, server, "people")
    assert column(page, "name") == ["Ada", "Alan", "Grace"]
    assert column(page, "age") == ["36", "41", "45"]
    assert column(page, "note")[:2] == ['<img src=x onerror="window.__pwned=1">', "<b>not bold</b>"]
    assert page.locator(".webio-datatable img, .webio-datatable b").count() == 0
    assert page.locator(".ag-header-cell-text").all_inner_texts() == ["name", "age", "note"]
    # PyWebIO's JavaScript handle, for apps that use the grid through run_js
    assert page.evaluate("() => ag_grid_people_promise.then((g) => g.api.getDisplayedRowCount())") == 3
    page.wait_for_timeout(200)
    assert not pwned(page)


def test_selecting_a_row_calls_onselect_and_actions_get_its_id(page: Any, server: AppServer) -> None:
    open_app(page, server, "people")
    greet = page.get_by_role("button", name="Greet")
    assert greet.is_disabled()
    page.locator(ROWS, has_text="Alan").locator("[col-id='name']").click()
    page.get_by_text("selected 1").wait_for()
    assert greet.is_enabled()
    assert page.locator(".webio-datatable-cell").inner_text() == "Alan"  # the cell content bar
    greet.click()
    page.get_by_text("greet 1").wait_for()
    page.get_by_role("button", name="Delete").click()
    page.locator(ROWS, has_text="Alan").wait_for(state="detached")
    assert column(page, "name") == ["Ada", "Grace"]
    assert log_texts(page) == ["selected 1", "greet 1"]


def test_update_insert_remove_change_the_grid(page: Any, server: AppServer) -> None:
    open_app(page, server, "people")
    page.get_by_role("button", name="update row").click()
    page.locator(ROWS, has_text="Ada L.").wait_for()
    assert column(page, "note")[0] == "updated"
    page.get_by_role("button", name="update cell").click()
    page.locator(f"{ROWS} [col-id='age']", has_text="99").wait_for()
    assert column(page, "age") == ["37", "99", "45"]
    page.get_by_role("button", name="insert", exact=True).click()
    page.locator(ROWS, has_text="Linus").wait_for()
    page.get_by_role("button", name="insert first").click()
    page.locator(ROWS, has_text="Barbara").wait_for()
    assert column(page, "name") == ["Barbara", "Ada L.", "Alan", "Grace", "Linus"]
    # inserted rows continue the row index: Linus is 3, Barbara 4
    page.locator(ROWS, has_text="Barbara").locator("[col-id='name']").click()
    page.get_by_text("selected 4").wait_for()
    page.get_by_role("button", name="replace").click()
    page.locator(ROWS, has_text="Barbara").wait_for(state="detached")
    assert column(page, "name") == ["Only"]


def test_multiple_select_sends_lists_of_ids(page: Any, server: AppServer) -> None:
    open_app(page, server, "multi")
    for key in ("k0", "k2"):
        page.locator(f"{ROWS}[row-id='{key}'] input[type=checkbox]").click()
    page.get_by_text("selected ['k0', 'k2']").wait_for()
    page.get_by_role("button", name="Sum").click()
    page.get_by_text("sum of ['k0', 'k2']").wait_for()
    assert page.locator(".webio-datatable-cell").count() == 0 or page.locator(".webio-datatable-cell").is_hidden()


@pytest.fixture(scope="module")
def http_server() -> Iterator[AppServer]:
    with app_server("apps_datatable", "http") as running:
        yield running


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_100000_rows_are_virtual_and_scroll_to_the_end(page: Any, request: Any, transport: str) -> None:
    server = request.getfixturevalue("server" if transport == "websocket" else "http_server")
    open_app(page, server, "big")
    grid = page.locator(".webio-datatable [role=grid], .webio-datatable [role=treegrid]").first
    assert grid.get_attribute("aria-rowcount") == "100001"  # header row + 100,000 rows
    assert page.locator(ROWS).count() < 100
    for fraction in (0.25, 0.5, 0.75, 1):
        page.evaluate(SCROLL, fraction)
        page.wait_for_timeout(50)
    page.locator(ROWS, has_text="row 99999").wait_for()
    assert page.locator(ROWS).count() < 100
    assert column(page, "n")[-1] == "99999"


# Scrolls the grid's vertical scroller (the element inside it whose content is taller than itself).
SCROLL = """fraction => {
  const scroller = [...document.querySelectorAll('.webio-datatable *')]
    .find((e) => e.scrollHeight > e.clientHeight + 1000 && getComputedStyle(e).overflowY !== 'visible');
  scroller.scrollTop = scroller.scrollHeight * fraction;
}"""


def luminance(page: Any, selector: str) -> float:
    rgb = page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor")
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_grid_follows_the_dark_theme(page: Any, server: AppServer) -> None:
    open_app(page, server, "dark")
    assert luminance(page, ".ag-root-wrapper") < 0.3
    text = page.locator(f"{ROWS} [col-id='name']").first.evaluate("e => getComputedStyle(e).color")
    assert sum(int(v) for v in re.findall(r"\d+", text)[:3]) > 3 * 150  # light text on the dark grid
    open_app(page, server, "people")
    assert luminance(page, ".ag-root-wrapper") > 0.8


def test_nested_records_column_options_and_dataframe(page: Any, server: AppServer) -> None:
    open_app(page, server, "nested")
    first = page.locator(".webio-datatable").first
    headers = first.locator(".ag-header-cell-text, .ag-header-group-text").all_inner_texts()
    assert headers[:1] == ["info"] and set(headers[1:]) == {"city", "age", "Full name"}
    assert first.locator("[col-id='info.age']").nth(1).inner_text() == "36 years"  # JSFunction formatter
    frame = page.locator(".webio-datatable").nth(1)
    cells = frame.locator(".ag-row [col-id='x']").all_inner_texts()
    assert sorted(cells) == ["", "1.5", "3"]  # NaN shows as an empty cell
    assert frame.locator(".ag-header-cell-text").all_inner_texts()[-1] == XSS  # a column name is text too
    assert page.locator(".webio-datatable img").count() == 0
    page.wait_for_timeout(200)
    assert not pwned(page)


def test_grid_script_is_loaded_only_by_pages_with_a_datatable(e2e_browser: Any, server: AppServer) -> None:
    from webio.static import asset_version

    context = e2e_browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(server.app("plain"))
        page.get_by_text("no grid here").wait_for()
        page.goto(server.app("later"))
        page.get_by_text("later ready").wait_for()
        page.wait_for_timeout(300)
        assert not [url for url in requested if "webio-datatable" in url]
        assert page.evaluate("() => !!window.__webioDatatable") is False
        page.get_by_role("button", name="show grid").click()
        page.locator(ROWS).first.wait_for()
        [url] = [url for url in requested if "webio-datatable" in url]
        assert url.startswith(server.url.split("?")[0].rstrip("/"))
        assert url.endswith(f"_webio_static=webio-datatable.js&v={asset_version('webio-datatable.js')}")
    finally:
        context.close()


def test_persian_page_gets_a_right_to_left_grid_and_a_phone_no_sideways_page(e2e_browser: Any, server: AppServer) -> None:
    context = e2e_browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        open_app(page, server, "people")
        assert page.locator(".webio-datatable .ag-rtl").count() > 0
        no_rows = page.evaluate("() => ag_grid_people_promise.then((g) => g.api.getGridOption('localeText').noRowsToShow)")
        assert no_rows and no_rows != "No Rows To Show" and re.search("[\u0600-\u06ff]", no_rows)  # AG Grid's texts in Persian
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the grid scrolls, not the page
        assert column(page, "name") == ["Ada", "Alan", "Grace"]
    finally:
        context.close()
