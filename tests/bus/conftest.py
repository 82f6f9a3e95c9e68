"""Buses for the contract tests: in-process, Redis and the Channels layer, on a real redis-server."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from tests.redis_server import RedisServer, running_redis
from webio.bus import InProcessBus
from webio.bus.base import Bus

BusFactory = Callable[..., Bus]


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


def _make(kind: str, server: RedisServer, made: list[Bus], **options: Any) -> Bus:
    from webio.bus.redis import RedisBus

    # A prefix per bus keeps the tests of one session apart on the shared server.
    prefix = f"t{uuid.uuid4().hex[:8]}:"
    bus: Bus
    if kind == "memory":
        bus = InProcessBus(**options)
    elif kind == "redis":
        bus = RedisBus.from_url(server.url, prefix=prefix, **options)
    else:
        from channels_redis.core import RedisChannelLayer

        from webio.bus.channels import ChannelsBus

        layer = RedisChannelLayer(hosts=[server.url], prefix=prefix)
        storage = RedisBus.from_url(server.url, prefix=prefix, **options)
        limit = {key: value for key, value in options.items() if key == "max_message_bytes"}
        bus = ChannelsBus(layer, storage=storage, **limit)
    made.append(bus)
    return bus


@pytest.fixture(params=["memory", "redis", "channels"])
def make_bus(request: pytest.FixtureRequest, redis_server: RedisServer) -> Iterator[BusFactory]:
    """Build buses of one kind (``make_bus(outbox_ttl=1)``); all are closed after the test."""
    made: list[Bus] = []
    yield lambda **options: _make(request.param, redis_server, made, **options)
    for bus in made:
        bus.close()


@pytest.fixture
def bus(make_bus: BusFactory) -> Bus:
    return make_bus()
