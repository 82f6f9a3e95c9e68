"""Every entry point takes bus= (or WEBIO_BUS) and puts its endpoint on that bus."""
from __future__ import annotations

from typing import Any

import pytest

from tests.redis_server import RedisServer
from webio.bus import BusConfigError, RedisBus, RoutingRegistry
from webio.cli import build_parser
from webio.output import put_text
from webio.transport import WebioEndpoint


def task() -> None:
    put_text("hi")


def endpoints(url: str) -> dict[str, WebioEndpoint]:
    from webio.aiohttp import webio_handler as aiohttp_handler
    from webio.flask import webio_bp, webio_view, wsgi_app
    from webio.starlette import asgi_app
    from webio.tornado import webio_handler as tornado_handler

    made: dict[str, Any] = {
        "flask webio_bp": webio_bp(task, bus=url).webio_endpoint,
        "flask webio_view": webio_view(task, bus=url).webio_endpoint,
        "flask wsgi_app": wsgi_app(task, bus=url).webio_endpoint,
        "starlette asgi_app": asgi_app(task, bus=url).state.webio_endpoint,
        "tornado webio_handler": tornado_handler(task, bus=url).endpoint,
        "aiohttp webio_handler": aiohttp_handler(task, bus=url).endpoint,
    }
    return made


def test_each_entry_point_puts_its_endpoint_on_the_bus_it_is_given(redis_server: RedisServer) -> None:
    made = endpoints(redis_server.url)
    for name, endpoint in made.items():
        registry = endpoint.registry
        assert isinstance(registry, RoutingRegistry) and registry.shared, name
        assert isinstance(registry.bus, RedisBus) and redis_server.url in repr(registry.bus), name
        assert registry.node.running, name
    for endpoint in made.values():  # the process's one node leaves the bus with the last endpoint
        endpoint.close()
    assert all(not endpoint.registry.node.running for endpoint in made.values())  # type: ignore[attr-defined]
    for endpoint in made.values():
        endpoint.registry.bus.close()  # type: ignore[attr-defined]


def test_without_bus_and_without_the_variable_an_endpoint_stays_in_its_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBIO_BUS", raising=False)
    endpoint = WebioEndpoint(task, backend="test")
    assert isinstance(endpoint.registry, RoutingRegistry) and not endpoint.registry.shared
    assert not endpoint.registry.node.running  # no thread, no traffic
    endpoint.close()


def test_the_environment_variable_names_the_bus(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBIO_BUS", redis_server.url)
    endpoint = WebioEndpoint(task, backend="test")
    assert isinstance(endpoint.registry, RoutingRegistry) and endpoint.registry.shared
    endpoint.close()
    endpoint.registry.bus.close()


def test_a_bus_that_cannot_work_stops_the_server_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBIO_BUS", raising=False)
    with pytest.raises(BusConfigError, match="bus='carrier-pigeon://x' names no bus"):
        WebioEndpoint(task, backend="test", bus="carrier-pigeon://x")
    with pytest.raises(TypeError, match="either registry= or bus="):
        WebioEndpoint(task, backend="test", bus="memory", registry=RoutingRegistry())


def test_the_command_line_takes_a_bus() -> None:
    args = build_parser().parse_args(["run", "app.py", "--bus", "redis://redis:6379/0"])
    assert args.bus == "redis://redis:6379/0"
    args = build_parser().parse_args(["path-deploy", "apps", "--bus", "memory"])
    assert args.bus == "memory"
