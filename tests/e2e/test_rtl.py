"""Right-to-left pages in Chromium against the real server: in Persian the default look swaps to
Bootstrap's RTL build (webio.rtl.css, served locally), English pages load only webio.css, and a
Bootswatch theme keeps its LTR stylesheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from webio.page import browser_language, render_page

from .harness import AppServer, app_servers
from .ui import panel

LOCAL = "http://127.0.0.1:"
STYLESHEETS = "() => [...document.styleSheets].map(s => s.href && new URL(s.href).searchParams.get('_webio_static'))"
# Where the "I agree" box sits against its label, horizontally.
BOX_AND_LABEL = """() => {
  const label = [...document.querySelectorAll('.form-check-label')].find(l => l.textContent === 'I agree');
  const box = label.closest('.form-check').querySelector('.form-check-input');
  return [box.getBoundingClientRect().x, label.getBoundingClientRect().x];
}"""


@pytest.fixture(scope="module")
def servers() -> Iterator[list[AppServer]]:
    with app_servers([("apps_inputs", "websocket"), ("apps_page", "websocket")]) as running:
        yield running


def open_page(e2e_browser: Any, locale: str, url: str, ready: str) -> tuple[Any, Any, list[str]]:
    """A page of ``url`` in a browser set to ``locale``, once ``ready`` is shown; and every URL it asked for."""
    context = e2e_browser.new_context(locale=locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    panel(page).get_by_text(ready, exact=True).wait_for()
    return context, page, requests


def test_persian_page_uses_the_rtl_stylesheet(e2e_browser: Any, servers: list[AppServer]) -> None:
    context, page, requests = open_page(e2e_browser, "fa-IR", servers[0].app("choices"), "I agree")
    try:
        assert page.evaluate("() => document.documentElement.dir") == "rtl"
        page.wait_for_function(f"() => ({STYLESHEETS})().join() === 'webio.rtl.css'")
        box, label = page.evaluate(BOX_AND_LABEL)
        assert box > label, "the check box sits right of its label"
        assert all(url.startswith(LOCAL) for url in requests), requests
        # The server read the browser's Accept-Language: the LTR file was never fetched to be swapped.
        assert not [url for url in requests if "_webio_static=webio.css" in url], requests
    finally:
        context.close()


def test_english_page_loads_only_the_ltr_stylesheet(e2e_browser: Any, servers: list[AppServer]) -> None:
    context, page, requests = open_page(e2e_browser, "en-US", servers[0].app("choices"), "I agree")
    try:
        assert page.evaluate("() => document.documentElement.dir") == "ltr"
        assert page.evaluate(STYLESHEETS) == ["webio.css"]
        box, label = page.evaluate(BOX_AND_LABEL)
        assert box < label
        assert not [url for url in requests if "webio.rtl.css" in url]
    finally:
        context.close()


def test_bootswatch_theme_stays_ltr_styled_in_persian(e2e_browser: Any, servers: list[AppServer]) -> None:
    context, page, requests = open_page(e2e_browser, "fa-IR", servers[1].app("theme_minty"), "Themed input")
    try:
        assert page.evaluate("() => document.documentElement.dir") == "rtl"
        assert page.evaluate(STYLESHEETS) == ["themes/minty.css"]
        assert not [url for url in requests if "webio.rtl.css" in url]
    finally:
        context.close()


def test_a_forced_persian_page_links_the_rtl_stylesheet_itself() -> None:
    html = render_page(app_name="a", transport="websocket", lang="fa")
    assert '<html lang="fa" dir="rtl"' in html
    assert 'id="webio-stylesheet" href="?_webio_static=webio.rtl.css&amp;v=' in html
    assert "webio.css" not in html.split("<body>")[0]
    themed = render_page(app_name="a", transport="websocket", lang="fa", theme="yeti")
    assert 'id="webio-stylesheet" href="?_webio_static=themes/yeti.css' in themed and '"stylesheets":null' in themed


@pytest.mark.parametrize(("header", "expected"), [
    ("fa-IR,fa;q=0.9,en-US;q=0.8", "fa"),
    ("en-US,en;q=0.9,fa;q=0.8", "en"),
    ("ja,fa;q=0.5", "fa"),            # the first language the client has labels for
    ("de;q=0.2, zh-CN;q=0.7", "zh"),  # by quality, not by order
    ("fa;q=0, de", "de"),             # q=0: not acceptable
    ("ja", None), ("", None), (None, None), ("fa;q=oops, ru", "ru"),
])
def test_browser_language_follows_accept_language_as_the_client_picks(header: Any, expected: Any) -> None:
    assert browser_language(header) == expected


def test_a_persian_browser_gets_the_rtl_stylesheet_in_the_page() -> None:
    html = render_page(app_name="a", transport="websocket", browser_lang=browser_language("fa-IR,fa;q=0.9"))
    assert 'dir="rtl"' in html and "_webio_static=webio.rtl.css" in html
    assert '"lang": null' in html or '"lang":null' in html, "the client still picks the language itself"
