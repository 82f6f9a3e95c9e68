"""The end of a session whose app returns, served by workers that do not own it.

When the app returns, its owner closes the session; the tab's next requests may land on any
worker. The final outputs and the closed state must reach the tab all the same, once each.
"""
from __future__ import annotations

import time

import pytest

from tests.redis_server import RedisServer
from webio.input import input as webio_input
from webio.output import put_text
from webio.session import defer_call
from webio.testing import connect, workers

ROUNDS = 3
ENDED: list[str] = []


def returns_after_input() -> None:
    defer_call(lambda: ENDED.append("deferred ran"))
    for round_number in range(ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("bye")  # the app returns: the session closes


def returns_on_its_own() -> None:
    put_text("start")
    time.sleep(0.3)  # no event: the end comes while the tab only polls
    put_text("last words")


def said(client: object) -> list[str]:
    return [line for line in client.text.splitlines()  # type: ignore[attr-defined]
            if line.startswith(("Hello", "bye", "start", "last words"))]


@pytest.mark.parametrize("route", ["round-robin", "wrong"])
@pytest.mark.parametrize("n", [2, 3])
def test_final_outputs_of_a_returning_app_reach_the_tab(redis_server: RedisServer, route: str, n: int) -> None:
    with workers(returns_after_input, n=n, bus=redis_server.url, transport="http", route=route) as cluster:
        ENDED.clear()
        for _ in range(3):
            client = connect(cluster.url, transport="http")
            for round_number in range(ROUNDS):
                client.submit(f"user{round_number}")
            client.wait_closed()
            assert said(client) == [f"Hello user{i} #{i}" for i in range(ROUNDS)] + ["bye"]
        assert ENDED == ["deferred ran"] * 3
        assert sum(len(registry) for registry in cluster.registries) == 0  # closed sessions are not counted


@pytest.mark.parametrize("route", ["round-robin", "wrong"])
def test_an_app_ending_while_the_tab_polls_elsewhere_shows_its_last_words(redis_server: RedisServer,
                                                                          route: str) -> None:
    with workers(returns_on_its_own, n=3, bus=redis_server.url, transport="http", route=route) as cluster:
        for _ in range(3):
            client = connect(cluster.url, transport="http")
            client.wait_closed()
            assert said(client) == ["start", "last words"]


def test_the_owner_forgets_a_closed_session_after_its_keep_time(redis_server: RedisServer) -> None:
    with workers(returns_on_its_own, n=2, bus=redis_server.url, transport="http", route="wrong") as cluster:
        owners = [registry.node.owner for registry in cluster.registries]
        for owner in owners:
            owner.ended_keep = 0.5
        client = connect(cluster.url, transport="http")
        client.wait_closed()
        assert said(client) == ["start", "last words"]
        assert sum(owner.ended_count for owner in owners) == 1  # kept for the tab's late requests
        time.sleep(0.6)
        for owner in owners:
            owner.purge_ended()
        assert sum(owner.ended_count for owner in owners) == 0
        assert sum(owner.watched_count for owner in owners) == 0  # nothing of it is left behind
