"""Flask and Django (WSGI, HTTP transport) under ``gunicorn -w 4 -k gthread --threads 8`` with a real
Redis bus: 20 tabs at once, 10 round trips each, every request on a new connection (so on any
worker); thread and coroutine apps; then a headless Chromium tab clicking through an app.
One server per framework, started once for the module."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_server import RedisServer
from tests.scale.scripted import assert_twenty_tabs_crossed_workers
from tests.scale.servers import Server, gunicorn
from tests.scale.deploy_apps import SHORT_ROUNDS
from tests.scale.tabs import chromium_answers

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
    assert_twenty_tabs_crossed_workers(server, app)


def test_a_chromium_tab_clicks_through_an_app_on_four_workers(server: Server) -> None:
    texts = chromium_answers(server.url + "?app=short", SHORT_ROUNDS, last="done")
    assert [line for line in texts.splitlines() if line.startswith("Hello")] == [
        f"Hello Ada{i} #{i}" for i in range(SHORT_ROUNDS)]
