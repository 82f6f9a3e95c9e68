"""Fixtures: ``run(app)`` starts an app in a thread session and again in a coroutine session."""
from typing import Any, Callable, Iterator

import pytest

from .harness import Client, as_kind, start


@pytest.fixture(params=["thread", "coroutine"])
def kind(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def run(kind: str) -> Iterator[Callable[..., Client]]:
    """``run(async_body)``: the body awaits input functions through ``maybe_await``."""
    clients: list[Client] = []

    def runner(body: Callable[[], Any]) -> Client:
        client = start(as_kind(body, kind), kind)
        clients.append(client)
        return client

    yield runner
    for client in clients:
        client.close()


@pytest.fixture
def run_thread() -> Iterator[Callable[..., Client]]:
    """``run_thread(app)``: a plain (blocking) app, exactly as the manual writes it."""
    clients: list[Client] = []

    def runner(app: Callable[[], Any]) -> Client:
        client = start(app, "thread")
        clients.append(client)
        return client

    yield runner
    for client in clients:
        client.close()
