"""PyWebIO programs in Chromium (issue 14): phone width for every output kind, put_grid with
span(), put_file's accessible name, and a page from another origin driving an app (?webio_api=)."""

from __future__ import annotations

import http.server
import re
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import checked_page
from .harness import AppServer, app_server
from .ui import panel, submit

PHONE = {"width": 390, "height": 844}

# Every word of the page on one line, unless the word alone is wider than its box: a word that
# breaks in the middle ("Servic|e") shows up as text rects on two lines.
BROKEN_WORDS = """(root) => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(root || '#webio-main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !el.offsetParent || el.closest('pre, textarea')) continue;
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

PAGE_WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_compat") as running:
        yield running


@pytest.fixture(scope="module")
def outputs_server() -> Iterator[AppServer]:
    with app_server("apps_outputs") as running:
        yield running


@pytest.fixture()
def phone(e2e_browser: Any, page_errors: list[str]) -> Iterator[Any]:
    yield from checked_page(e2e_browser, page_errors, viewport=PHONE, is_mobile=True, has_touch=True)


def test_services_table_at_phone_width_scrolls_sideways_and_keeps_words_whole(phone: Any, server: AppServer) -> None:
    phone.goto(server.app("services"))
    phone.get_by_text("end of services").wait_for()
    assert phone.evaluate(BROKEN_WORDS) == []
    assert not phone.evaluate(PAGE_WIDER_THAN_SCREEN)
    wrap = phone.locator(".webio-table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")     # the table scrolls in its box
    restart = phone.get_by_role("button", name="Restart", exact=True).first
    box = restart.bounding_box()
    assert box is not None and box["height"] < 40                      # one line: "Restart", not "Restar|t"
    markdown_table = phone.locator(".webio-markdown table")
    assert markdown_table.evaluate("el => el.scrollWidth > el.clientWidth && el.clientWidth <= 390")


def test_popup_and_toast_at_phone_width(phone: Any, server: AppServer) -> None:
    phone.goto(server.app("phone_popup"))
    dialog = phone.get_by_role("dialog", name="Service details")
    dialog.get_by_text("end of popup").wait_for()
    assert phone.evaluate(BROKEN_WORDS, ".webio-popup") == []
    assert dialog.locator(".webio-table-wrap").evaluate("el => el.scrollWidth > el.clientWidth")
    assert not phone.evaluate(PAGE_WIDER_THAN_SCREEN)
    toast = phone.get_by_text("Notifications restarted on every node of the cluster")
    box = toast.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("app, last_text", [
    ("text", "end of text app"), ("alerts", "end of alerts"), ("images", "end of images"),
    ("files", "Get the report"), ("tables", "Value"), ("buttons", "One button"), ("progress", "loaded"),
    ("containers", "First tab"), ("layouts", "side"), ("scopes", "the bottom"), ("widget", "click this text"),
])
def test_every_output_kind_fits_a_phone(phone: Any, outputs_server: AppServer, app: str, last_text: str) -> None:
    """The output apps of test_outputs.py (every output kind), at 390px."""
    phone.goto(outputs_server.app(app))
    phone.get_by_text(last_text).first.wait_for()
    phone.wait_for_timeout(200)
    assert phone.evaluate(BROKEN_WORDS) == [], app
    assert not phone.evaluate(PAGE_WIDER_THAN_SCREEN), app


def test_grid_spans_keep_cells_side_by_side(page: Any, server: AppServer) -> None:
    page.goto(server.app("grid"))
    page.get_by_text("end of grid").wait_for()
    page.wait_for_function("() => document.getAnimations().length === 0")  # outputs slide in

    def box(text: str) -> dict[str, float]:
        found = page.get_by_text(text, exact=True).bounding_box()
        assert found is not None
        return dict(found)

    assert box("wide A")["y"] == box("B")["y"]                      # B beside the 2-column cell
    assert box("B")["x"] >= box("wide A")["x"] + 180                 # after two 90px columns
    assert box("tall F")["y"] == box("wide G")["y"] > box("B")["y"]
    assert box("I")["y"] == box("J")["y"] > box("wide G")["y"]       # beside the 2-row cell
    assert box("I")["x"] == box("wide G")["x"] and box("J")["x"] == box("B")["x"]


def test_file_link_and_collapse_names_leave_the_glyphs_out(page: Any, server: AppServer) -> None:
    page.goto(server.app("file"))
    link = page.get_by_role("link", name="Download hello", exact=True)
    link.wait_for()
    assert page.get_by_role("button", name="More about it", exact=True).count() == 1
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "hello.txt"


# ------------------------------------------------------------------ another origin
def serve_page(html: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A plain static server (another origin: another port) that serves ``html`` at every path."""
    body = html.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    return static, f"http://127.0.0.1:{static.server_address[1]}/"


def page_copy(app_url: str) -> str:
    """The app's page as another site would host it: the same HTML, assets loaded from the app server."""
    with urllib.request.urlopen(app_url) as response:
        html = response.read().decode()
    base = app_url.split("?")[0]
    return re.sub(r'(src|href)="\?_webio_static=', rf'\1="{base}?_webio_static=', html)


@pytest.fixture(scope="module", params=["websocket", "http"])
def api_server(request: Any) -> Iterator[AppServer]:
    with app_server("apps_compat", request.param) as running:
        yield running


@pytest.mark.parametrize("query", ["webio_api", "pywebio_api"])
def test_a_page_on_another_origin_drives_the_app(page: Any, api_server: AppServer, query: str) -> None:
    static, origin = serve_page(page_copy(api_server.app("greet")))
    try:
        page.goto(f"{origin}?{query}={api_server.url}")
        panel(page).get_by_label("Your name").fill("Ada")
        submit(page)
        page.get_by_text("hello Ada").wait_for()
    finally:
        static.shutdown()


def test_a_server_without_that_origin_allowed_refuses(page: Any, outputs_server: AppServer, page_errors: list[str]) -> None:
    static, origin = serve_page(page_copy(outputs_server.app("files")))
    try:
        page.goto(f"{origin}?webio_api={outputs_server.url}")
        page.wait_for_timeout(1500)
        assert page.get_by_text("Get the report").count() == 0       # no session: the origin check holds
        assert outputs_server.output.wait_for(re.compile(r"refused a request from origin"), 5)
    finally:
        static.shutdown()
        page_errors.clear()  # the refused connection is what this test expects


# ------------------------------------------------------------------ forms and pins
def test_a_validate_that_raises_leaves_the_form_usable(page: Any, server: AppServer) -> None:
    page.goto(server.app("age"))
    field = panel(page).get_by_label("How old are you?")
    field.wait_for()
    submit(page)                                                     # empty: check_age(None) raises
    panel(page).get_by_text("Invalid input").wait_for()
    field.fill("50")
    submit(page)
    panel(page).get_by_text("Too old").wait_for()
    field.fill("20")
    submit(page)
    page.get_by_text("age 20").wait_for()


def test_checkbox_keeps_its_selected_flags_with_a_value(page: Any, server: AppServer) -> None:
    page.goto(server.app("choices"))
    panel(page).get_by_label("x").wait_for()
    checked = [panel(page).get_by_label(label, exact=True).is_checked() for label in ("x", "y", "z")]
    assert checked == [True, False, True]
    submit(page)
    page.get_by_text("picked [1, 3]").wait_for()


def test_pin_file_upload_gives_the_file(page: Any, server: AppServer) -> None:
    page.goto(server.app("pin_file"))
    page.get_by_text("ready").wait_for()
    page.get_by_label("Document").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"pinned text"}])
    page.get_by_text("changed notes.txt 11 bytes, recent").wait_for()
    page.get_by_text("read notes.txt pinned text").wait_for()


def test_pin_textarea_with_minlength_reads_the_text(page: Any, server: AppServer) -> None:
    page.goto(server.app("note"))
    page.get_by_label("Note").fill("short")
    page.get_by_role("button", name="Read").click()
    page.get_by_text("note='short'").wait_for()


def test_one_function_configured_twice_keeps_each_theme(page: Any, server: AppServer) -> None:
    for theme in ("dark", "yeti", "dark"):
        page.goto(server.app(theme))
        page.get_by_role("button", name="themed button").wait_for()
        assert page.locator("html").get_attribute("data-webio-theme") == theme


def test_file_upload_last_modified_is_in_seconds(page: Any, server: AppServer) -> None:
    page.goto(server.app("upload"))
    panel(page).get_by_label("Document").set_input_files(
        files=[{"name": "a.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    submit(page)
    page.get_by_text("uploaded a.txt, modified seconds ago").wait_for()
