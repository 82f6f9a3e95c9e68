"""put_datatable on Flask (gunicorn, HTTP long polling) in Chromium with the network off: the grid
script comes from the blueprint's own static route, and selection and actions reach the app."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest

from .real_server import free_port, running

ROWS = ".webio-datatable .ag-row"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    port = free_port()
    with running([sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "--threads", "8",
                  "tests.flask.datatable_project:project"], port) as base:
        yield base


def test_datatable_on_flask_offline(site: str) -> None:
    pytest.importorskip("playwright.sync_api")
    from tests.client.chromium import chromium_for_tests

    with chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(30_000)
        refused: list[str] = []
        requested: list[str] = []
        context.route(re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])"),
                      lambda route: (refused.append(route.request.url), route.abort()))
        context.on("request", lambda request: requested.append(request.url))
        try:
            page = context.new_page()
            page.goto(site + "/tools/x/?app=people")
            page.locator(ROWS, has_text="Grace").wait_for()
            page.locator(ROWS, has_text="Alan").locator("[col-id='name']").click()
            page.get_by_text("selected 1").wait_for()
            page.get_by_role("button", name="Greet").click()
            page.get_by_text("greet 1").wait_for()
            page.get_by_role("button", name="update row").click()
            page.locator(ROWS, has_text="Ada L.").wait_for()
        finally:
            context.close()
    assert refused == []
    [grid_script] = [url for url in requested if "webio-datatable.js" in url]
    assert grid_script.startswith(site + "/tools/x/")
