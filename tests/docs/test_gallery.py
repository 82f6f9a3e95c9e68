"""The gallery app in headless Chromium: every page renders its code and its result without
console errors, the code shown is the example file, and every function has an example."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import webio.input
import webio.output
import webio.pin
from webio.gallery import examples
from webio.gallery.catalog import EXAMPLES_DIR

from .shots import capture_selector, open_example

# Public functions that draw nothing of their own: they change or remove what other functions show,
# or hand back a value used inside another output (their examples show them with it).
NOTHING_TO_SHOW = {
    "webio.output": {"get_scope", "clear", "remove", "scroll_to", "close_popup", "set_processbar", "span",
                     "output", "put_scope", "put_success", "put_warning", "put_error", "set_scope",
                     "set_progressbar", "datatable_update", "datatable_insert", "datatable_remove",
                     "put_processbar"},  # put_processbar: the older name of put_progressbar
    "webio.pin": {"pin_update", "pin_on_change", "get_pin_values"},
    "webio.input": set(),
}


def test_every_function_has_an_example() -> None:
    shown = {(item.module, item.name) for item in examples()}
    missing = []
    for module in (webio.output, webio.input, webio.pin):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and name not in NOTHING_TO_SHOW[module.__name__] \
                    and (module.__name__, name) not in shown:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, ("functions without a gallery example (add webio_core/gallery/examples/NAME.py, list it "
                         f"in webio_core/gallery/catalog.py, then WEBIO_UPDATE_SCREENSHOTS=1 pytest tests/docs): {missing}")


def test_every_example_file_is_listed() -> None:
    assert sorted(p.stem for p in EXAMPLES_DIR.glob("*.py")) == sorted(item.name for item in examples())


def test_index_links_every_example(page: Any, gallery_urls: dict[str, str], console_errors: list[str]) -> None:
    page.goto(gallery_urls["default"])
    page.get_by_role("heading", name="webio gallery").wait_for()
    links = page.locator("#webio-scope-ROOT a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert [f"?app={item.name}" for item in examples()] == [link for link in links if link.startswith("?app=")]
    page.locator("a", has_text="put_table").first.click()
    page.locator("#webio-scope-result table").wait_for()
    assert console_errors == []


@pytest.mark.parametrize("item", examples(), ids=lambda item: item.name)
def test_example_page(item: Any, page: Any, gallery_urls: dict[str, str], console_errors: list[str]) -> None:
    open_example(page, gallery_urls["default"], item)
    shown_code = page.locator("#webio-scope-code pre code").inner_text()
    assert shown_code.rstrip("\n") == item.code.rstrip("\n")
    assert page.locator("h2").first.inner_text() == item.name
    assert page.locator(capture_selector(item)).first.is_visible()
    assert console_errors == []


def test_input_example_continues_after_submit(page: Any, gallery_urls: dict[str, str], console_errors: list[str]) -> None:
    page.goto(f"{gallery_urls['default']}?app=input")
    page.locator("form.webio-form input").fill("41")
    page.locator("form.webio-form button[type=submit]").click()
    page.locator("#webio-scope-result", has_text="Next year you will be 42").wait_for()
    assert console_errors == []


def test_webio_gallery_command_serves_the_gallery() -> None:
    """``webio gallery`` (the console command's entry) serves the same index."""
    import urllib.request

    from tests.e2e.harness import START_TIMEOUT, URL_LINE, running_process

    with running_process(["-m", "webio.cli", "gallery", "--port", "0", "--host", "127.0.0.1", "--theme", "dark"]) as (_proc, out):
        found = out.wait_for(URL_LINE, START_TIMEOUT)
        assert found is not None, out.text
        with urllib.request.urlopen(found.group(1) + "?app=put_table", timeout=10) as response:
            page = response.read().decode()
    assert 'data-webio-theme="dark"' in page and "put_table" in page
