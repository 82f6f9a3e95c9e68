"""Every chart library of the manual (§4.8.2) drawn in Chromium with every request to elsewhere
refused: the libraries come from this server, each once, and only on a page that uses it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.flask.real_server import free_port, running

from .harness import app_server
from .test_offline import NOT_LOCAL

# What shows that each chart was drawn, inside its scope (Playwright's CSS reaches into Bokeh's shadow roots).
DRAWN = {
    "bokeh": "canvas",
    "bokeh_widgets": ".noUi-handle",
    "plotly": "svg.main-svg .bars path",
    "pyecharts": "canvas",
    "cutecharts": "svg g text",
    "g2plot": "canvas",
    "matplotlib": "img[title='matplotlib-figure']",
    "pil": "img[title='pil-image']",
    "pandas": "table td",
}


@pytest.fixture(scope="module", params=["default server", "flask"])
def app_url(request: Any) -> Iterator[Callable[[str], str]]:
    """The URL of an app of tests/e2e/apps_charts.py on webio's default server, then on Flask."""
    if request.param == "flask":
        port = free_port()
        code = ("from tests.e2e.apps_charts import APPS\nfrom webio.flask import start_server\n"
                f"start_server(APPS, port={port}, host='127.0.0.1')")
        with running([sys.executable, "-c", code], port) as base:
            yield lambda name: f"{base}/?app={name}"
    else:
        with app_server("apps_charts", "websocket") as started:
            yield started.app


def open_offline(e2e_browser: Any, url: str, wait_for: str) -> tuple[list[str], list[str], list[str]]:
    """Loads ``url`` with the network to elsewhere refused; returns (requested, refused, errors)."""
    context = e2e_browser.new_context(locale="en-US")
    context.set_default_timeout(120_000)  # the app imports six chart libraries; CI machines are slow
    requested: list[str] = []
    refused: list[str] = []
    errors: list[str] = []

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        route.abort()

    context.route(NOT_LOCAL, refuse)
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    try:
        page.goto(url)
        page.get_by_text(wait_for).wait_for()
        for scope, drawn in (DRAWN.items() if "charts" in url else ()):
            page.locator(f"#webio-scope-{scope} {drawn}").first.wait_for(state="attached")
        if "charts" in url:
            for title in ("matplotlib-figure", "pil-image"):
                assert page.eval_on_selector(f"img[title='{title}']", "img => img.complete && img.naturalWidth") > 0
            assert page.locator("#webio-scope-plotly").get_by_text("plotly-bar").count() == 1
            assert re.search(r"fruit\s+price\s+apple\s+1\.5", page.locator("#webio-scope-pandas").inner_text())
            # On a phone a fixed-width chart (pyecharts: 900 px) scrolls in its box, not the whole page.
            page.set_viewport_size({"width": 390, "height": 800})
            page.wait_for_timeout(300)  # late errors of a chart library would show up here
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
    return requested, refused, errors


def libraries_of(requested: list[str]) -> list[str]:
    names = [parse_qs(urlsplit(url).query).get("_webio_static", [""])[0] for url in requested]
    return sorted(name for name in names if name.startswith("lib/"))


def test_every_chart_kind_draws_offline_from_this_server(e2e_browser: Any, app_url: Callable[[str], str]) -> None:
    requested, refused, errors = open_offline(e2e_browser, app_url("charts"), "all charts put")
    assert refused == []
    assert errors == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requested if not url.startswith("data:"))
    # two Bokeh figures, one BokehJS; each library once
    assert libraries_of(requested) == ["lib/G2Plot.js", "lib/bokeh-widgets.js", "lib/bokeh.js", "lib/chartXkcd.js",
                                       "lib/echarts.js", "lib/plotly.js"]


def test_a_page_without_charts_loads_no_chart_library(e2e_browser: Any, app_url: Callable[[str], str]) -> None:
    requested, refused, errors = open_offline(e2e_browser, app_url("no_chart"), "a page without charts")
    assert (refused, errors) == ([], [])
    assert libraries_of(requested) == []
    assert any("_webio_static=webio.js" in url for url in requested)


def test_html_scripts_run_in_order_and_require_loads_configured_modules(e2e_browser: Any, page_errors: list[str],
                                                                         app_url: Callable[[str], str]) -> None:
    context = e2e_browser.new_context(locale="en-US")
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        page.goto(app_url("loader"))
        page.get_by_text("loader page").wait_for()
        page.get_by_text("answer 42").wait_for()
        # the inline script runs once chartXkcd.js has loaded, which may be after the AMD module
        page.locator("#order").filter(has_text="after:").wait_for()
        assert page.inner_text("#order") == "after: object"
        assert page.evaluate("() => typeof window.define") == "undefined"  # UMD scripts keep their globals
    finally:
        context.close()
    assert page_errors == []
