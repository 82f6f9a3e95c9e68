"""Fixtures: ``run(body)`` runs ``body`` as an app in a thread session and in an async one."""
from typing import Any, Callable, Iterator

import pytest

from .harness import Browser, start


@pytest.fixture(params=["thread", "coroutine"])
def run(request: Any) -> Iterator[Callable[..., Browser]]:
    browsers: list[Browser] = []

    def runner(body: Callable[[], Any]) -> Browser:
        browser = start(body, request.param)
        browsers.append(browser)
        return browser

    yield runner
    for browser in browsers:
        browser.close()


@pytest.fixture
def kind(request: Any) -> str:
    return str(request.node.callspec.params.get("run", "thread"))
