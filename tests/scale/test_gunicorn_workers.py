"""Flask and Django (WSGI, HTTP transport) under ``gunicorn -w 4 -k gthread --threads 8`` with a real
Redis bus: 20 tabs at once, 10 round trips each, every request on a new connection (so on any
worker); thread and coroutine apps; then a headless Chromium tab clicking through an app.
One server per framework, started once for the module."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_server import RedisServer
from tests.scale.scripted import scripted_run
from tests.scale.servers import Server, gunicorn
from tests.scale.deploy_apps import SHORT_ROUNDS

pytestmark = pytest.mark.timeout(300)
FRAMEWORKS = {
    "flask": ("tests.scale.flask_deploy:app", {}),
    "django": ("tests.scale.django_deploy:application", {"DJANGO_SETTINGS_MODULE": "tests.scale.django_deploy"}),
}


@pytest.fixture(scope="module", params=sorted(FRAMEWORKS))
def server(request: pytest.FixtureRequest, redis_server: RedisServer) -> Iterator[Server]:
    app, env = FRAMEWORKS[request.param]
    with gunicorn(app, redis_server.url, workers=4, env=env, path="/tool/") as running:
        yield running


@pytest.mark.parametrize("app", ["rounds", "rounds_async"])
def test_twenty_tabs_of_ten_round_trips_spread_over_four_workers(server: Server, app: str) -> None:
    outcome = scripted_run(server.url, app, tabs=20)
    assert not outcome.errors, outcome.errors
    assert outcome.broken == [], [(tab, outcome.lines[tab], outcome.closed[tab]) for tab in outcome.broken]
    served = server.workers_per_session()
    crossed = [sid for sid in outcome.session_ids if len(served.get(sid, ())) >= 2]
    # Which worker accepts a connection is the kernel's choice: most tabs must have crossed.
    assert len(crossed) >= 15, f"tabs whose requests two or more workers answered: {len(crossed)} of 20 ({served})"
    assert "Traceback" not in server.log(), server.log()[-3000:]


def test_a_chromium_tab_clicks_through_an_app_on_four_workers(server: Server) -> None:
    from tests.client.chromium import chromium_for_tests

    with chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(server.url + "?app=short")
        for round_number in range(SHORT_ROUNDS):
            page.get_by_label(f"Name {round_number}").fill(f"Ada{round_number}")
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text(f"Hello Ada{round_number} #{round_number}").wait_for()
        page.get_by_text("done").wait_for()
        texts = page.locator("#webio-scope-ROOT").inner_text()
        assert [line for line in texts.splitlines() if line.startswith("Hello")] == [
            f"Hello Ada{i} #{i}" for i in range(SHORT_ROUNDS)]
        context.close()
