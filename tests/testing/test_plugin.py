"""The ``webio_client`` fixture closes every session it opened."""
from __future__ import annotations

from typing import Any

from webio.output import put_buttons
from webio.session import defer_call
from webio.testing.pytest_plugin import ClientFactory


def test_factory_closes_its_sessions_at_teardown() -> None:
    closed: list[str] = []

    def app() -> None:
        defer_call(lambda: closed.append("closed"))
        put_buttons(["keep"], onclick=lambda _: None)

    async def async_app() -> None:
        app()

    factory = ClientFactory()
    sync_client, async_client = factory(app), factory(async_app)
    assert not sync_client.closed and not async_client.closed
    factory.close_all()
    assert closed == ["closed", "closed"] and sync_client.closed and async_client.closed


def test_fixture_is_registered_by_the_plugin(webio_client: Any) -> None:
    assert isinstance(webio_client, ClientFactory)
