"""Choosing the bus: bus=, WEBIO_BUS, settings.WEBIO; errors that name the setting to fix."""
from __future__ import annotations

from typing import Any

import pytest

from tests.redis_server import RedisServer, free_port, running_redis
from webio.bus import BusConfigError, InProcessBus, resolve_bus
from webio.bus.redis import RedisBus
from webio.session.ids import new_worker_id


def assert_heartbeats_are_kept(bus: Any) -> None:
    """A worker's heartbeat written through ``bus`` is read back as alive; the bus is closed after."""
    try:
        worker = new_worker_id()
        bus.beat(worker, 5)
        assert bus.is_alive(worker)
    finally:
        bus.close()


def test_nothing_set_means_this_process_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBIO_BUS", raising=False)
    assert isinstance(resolve_bus(None), InProcessBus)
    assert isinstance(resolve_bus("memory"), InProcessBus)


def test_a_bus_object_is_used_as_it_is() -> None:
    bus = InProcessBus()
    assert resolve_bus(bus) is bus


def test_a_redis_url_gives_a_working_redis_bus(redis_server: RedisServer) -> None:
    bus = resolve_bus(redis_server.url)
    try:
        assert isinstance(bus, RedisBus)
        worker = new_worker_id()
        bus.send(worker, {"op": "x"})
        assert bus.receive(worker, 1) == [{"op": "x"}]
    finally:
        bus.close()


def test_the_environment_variable_is_used_when_bus_is_not_given(monkeypatch: pytest.MonkeyPatch,
                                                                  redis_server: RedisServer) -> None:
    monkeypatch.setenv("WEBIO_BUS", redis_server.url)
    bus = resolve_bus(None)
    try:
        assert isinstance(bus, RedisBus)
    finally:
        bus.close()
    assert isinstance(resolve_bus("memory"), InProcessBus)  # an explicit bus= wins


@pytest.mark.parametrize("url", ["http://localhost:6379", "redis//localhost", "postgres://db/1", "42"])
def test_a_url_that_names_no_bus_is_refused_naming_the_setting(url: str) -> None:
    with pytest.raises(BusConfigError) as caught:
        resolve_bus(url, setting_name="start_server(bus=...)")
    assert "start_server(bus=...)" in str(caught.value)
    assert "redis://" in str(caught.value)  # says what would work


def test_an_unreachable_redis_is_an_error_at_startup_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(BusConfigError) as caught:
        resolve_bus(url)
    assert str(caught.value).startswith(f"bus={url!r}: the bus cannot be reached")
    monkeypatch.setenv("WEBIO_BUS", url)
    with pytest.raises(BusConfigError, match="environment variable WEBIO_BUS"):
        resolve_bus(None)


def test_a_bad_port_is_refused() -> None:
    with pytest.raises(BusConfigError, match="bus='redis://localhost:notaport/0'"):
        resolve_bus("redis://localhost:notaport/0")


def test_a_password_protected_redis_needs_the_password_and_errors_never_show_it() -> None:
    with running_redis(password="s3cret-pw") as server:
        assert_heartbeats_are_kept(resolve_bus(server.url))
        wrong = server.url.replace("s3cret-pw", "wrong-pw")
        with pytest.raises(BusConfigError) as caught:
            resolve_bus(wrong)
        assert "wrong-pw" not in str(caught.value)
        assert ":***@" in str(caught.value)
        with pytest.raises(BusConfigError, match="cannot be reached"):
            resolve_bus(f"redis://127.0.0.1:{server.port}/0")  # no password


def test_something_else_than_a_url_or_a_bus_is_refused() -> None:
    with pytest.raises(BusConfigError, match="must be a URL string or a bus object"):
        resolve_bus(6379)


def test_django_settings_name_the_channels_layer(redis_server: RedisServer) -> None:
    from django.conf import settings
    from django.test import override_settings

    from webio.bus import django_bus
    from webio.bus.channels import ChannelsBus

    if not settings.configured:
        settings.configure()
    layers = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                          "CONFIG": {"hosts": [redis_server.url]}}}
    with override_settings(CHANNEL_LAYERS=layers, WEBIO={"bus": "channels"}):
        bus = django_bus()
        try:
            assert isinstance(bus, ChannelsBus)
            worker = new_worker_id()
            bus.send(worker, {"op": "through the layer"})
            assert bus.receive(worker, 5) == [{"op": "through the layer"}]
            bus.beat(worker, 5)  # heartbeats sit in the layer's own Redis
            assert isinstance(bus.storage, RedisBus) and bus.storage.is_alive(worker)
        finally:
            bus.close()
    with override_settings(WEBIO={"bus": "rediss//typo"}):
        with pytest.raises(BusConfigError, match=r"settings.WEBIO\['bus'\]"):
            django_bus()
    with override_settings(CHANNEL_LAYERS={}, WEBIO={"bus": "channels"}):
        with pytest.raises(BusConfigError, match="CHANNEL_LAYERS"):
            django_bus()


def test_an_entry_point_gets_a_routing_registry_by_the_same_rule(monkeypatch: pytest.MonkeyPatch,
                                                                 redis_server: RedisServer) -> None:
    from webio.bus import routing_registry

    monkeypatch.delenv("WEBIO_BUS", raising=False)
    alone = routing_registry(None)
    assert isinstance(alone.bus, InProcessBus) and not alone.node.running
    alone.close()
    monkeypatch.setenv("WEBIO_BUS", redis_server.url)
    shared = routing_registry(None)
    try:
        assert isinstance(shared.bus, RedisBus) and shared.node.running
    finally:
        shared.close()
    with pytest.raises(BusConfigError, match=r"webio_bp\(bus=...\)"):
        routing_registry("redis://localhost:notaport/0", setting_name="webio_bp(bus=...)")


def connected_clients(server: RedisServer) -> int:
    import redis

    with redis.Redis.from_url(server.url) as probe:
        return int(probe.info("clients")["connected_clients"]) - 1  # not counting the probe


def test_buses_on_one_url_share_one_connection_pool(redis_server: RedisServer) -> None:
    url = redis_server.url.rsplit("/", 1)[0] + "/3"  # a database no other test uses: a pool of its own
    before = connected_clients(redis_server)
    buses = [resolve_bus(url) for _ in range(5)]  # e.g. five entry points of one site
    try:
        assert len({id(bus.client.connection_pool) for bus in buses if isinstance(bus, RedisBus)}) == 1
        assert connected_clients(redis_server) - before == 1  # each checked the server; one connection
        buses[0].close()
        worker = new_worker_id()
        buses[1].send(worker, {"op": "x"})  # closing one bus leaves the others working
        assert buses[2].receive(worker, 1) == [{"op": "x"}]
    finally:
        for bus in buses[1:]:
            bus.close()
    assert connected_clients(redis_server) == before  # the last one closed the pool's connections


def test_a_channels_layer_whose_read_timeout_cuts_its_own_wait_is_detected_with_the_fix(
        redis_server: RedisServer) -> None:
    # redis-py 8 reads for at most 5 s by default; channels_redis waits 5 s in a blocking pop.
    from channels_redis.core import RedisChannelLayer

    from webio.bus.channels import ChannelsBus, read_timeout_too_short

    problem = read_timeout_too_short(RedisChannelLayer(hosts=[redis_server.url]))
    assert problem is not None and "'socket_timeout': 30" in problem
    layer = RedisChannelLayer(hosts=[{"address": redis_server.url, "socket_timeout": 30}])
    assert read_timeout_too_short(layer) is None
    assert_heartbeats_are_kept(ChannelsBus(layer))  # the storage takes its own timeouts, on the URL's shared pool
