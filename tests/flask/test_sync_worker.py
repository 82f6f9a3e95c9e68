"""A Flask project on plain ``gunicorn 'app'``: one sync worker, one thread, no options.

Idle webio tabs must not take the worker: the rest of the site and new tabs answer promptly,
clicks are answered, and the idle tabs poll about once a second (docs/frameworks.md).
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable, Iterator

import pytest

pytest.importorskip("flask")
requests = pytest.importorskip("requests")

from tests.flask.http_tab import HttpTab, echo_round_trip  # noqa: E402
from tests.flask.real_server import free_port, running  # noqa: E402
from webio.testing import connect  # noqa: E402

pytestmark = pytest.mark.timeout(120)
PROMPT = 5.0  # seconds; a held long poll would block the worker for up to 20


def network_tab(http: Any, url: str) -> HttpTab:
    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = http.post(url, data=body, headers=headers, timeout=60)
        return response.status_code, response.content

    return HttpTab(post, url)


class IdleTab:
    """An open echo tab, waiting for its user, polling as the browser does (``wait`` 20 s)."""

    def __init__(self, app_url: str) -> None:
        self.http = requests.Session()
        self.tab = network_tab(self.http, app_url + "?app=echo")
        self.tab.open()
        self.tab.script("next()")
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.tab.poll(wait=20)
            self.polls += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(30)
        self.http.close()
        assert not self.tab.browser.closed, "the idle tab's session closed"


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The Flask project of flask_apps (webio blueprint at /tools/x/, its own page at /)."""
    port = free_port()
    with running(["gunicorn", "-b", f"127.0.0.1:{port}", "tests.flask.flask_apps:project"], port) as base:
        yield base


def test_idle_tabs_leave_the_sync_worker_free(site: str) -> None:
    app_url = site + "/tools/x/"
    idle = [IdleTab(app_url) for _ in range(2)]
    try:
        time.sleep(1.5)  # both tabs are polling now
        watched_from = time.monotonic()
        polls_before = [tab.polls for tab in idle]

        took, page = timed(lambda: requests.get(site + "/", timeout=60))
        assert page.text == "the rest of the project" and took < PROMPT

        with requests.Session() as http:
            newcomer = network_tab(http, app_url + "?app=echo")
            took, _ = timed(lambda: (newcomer.open(), newcomer.script("hello")))
            assert took < PROMPT
            assert echo_round_trip(network_tab(http, app_url + "?app=echo"), ("x", 3))["backend"] == "flask"
        greeter = connect(app_url, transport="http", app="greet", timeout=PROMPT)
        took, _ = timed(lambda: greeter.submit("Ada"))
        assert greeter.text == "Hello, Ada from flask" and took < PROMPT
        greeter.close()

        time.sleep(max(0.0, watched_from + 3 - time.monotonic()))
        watched = time.monotonic() - watched_from
        for tab, before in zip(idle, polls_before):
            assert 1 <= tab.polls - before <= watched + 2, "an idle tab polls about once a second"
    finally:
        for tab in idle:
            tab.close()


def test_browser_tabs_on_the_sync_worker(site: str) -> None:
    """Two idle pages in Chromium, then a third one that the user fills in."""
    pytest.importorskip("playwright.sync_api")
    from tests.client.chromium import chromium_for_tests

    app_url = site + "/tools/x/?app=greet"
    with chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(PROMPT * 1000)
        polls: dict[Any, int] = {}
        idle = []
        for _ in range(2):
            page = context.new_page()
            page.on("request", lambda request, page=page: polls.__setitem__(page, polls.get(page, 0) + (
                request.method == "POST")))
            page.goto(app_url)
            page.get_by_label("Your name").wait_for()
            idle.append(page)
        time.sleep(3)
        counted_from = time.monotonic()
        before = {page: polls.get(page, 0) for page in idle}

        took, _ = timed(lambda: requests.get(site + "/", timeout=60))
        assert took < PROMPT
        user = context.new_page()
        took, _ = timed(lambda: (user.goto(app_url), user.get_by_label("Your name").wait_for()))
        assert took < PROMPT
        user.get_by_label("Your name").fill("Ada")
        user.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
        user.get_by_text("Hello, Ada from flask").wait_for()

        time.sleep(2)
        counted = time.monotonic() - counted_from
        for page in idle:
            made = polls.get(page, 0) - before[page]
            assert 1 <= made <= counted + 2, f"{made} polls in {counted:.1f} s: about one a second"
        context.close()
