"""The ``webio`` pytest plugin (installed with webio): the ``webio_client`` fixture.

Example::

    def test_greeting(webio_client):
        client = webio_client(app)              # in-process; AppClient options as keywords
        client.submit({"name": "Ada"})
        assert "Hello, Ada" in client.text

    def test_served(webio_client):
        client = webio_client.connect("http://127.0.0.1:8080/", transport="http")

Every client the fixture opened is closed at teardown, so deferred calls run and no session
outlives its test.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from .client import ClientBase
from .inprocess import AppClient, AsyncAppClient


class ClientFactory:
    """``webio_client(app, **options)`` → ``AppClient``; ``.async_(app)``, ``.connect(url)`` for the others."""

    def __init__(self) -> None:
        self.clients: list[ClientBase] = []

    def __call__(self, app: Any, **options: Any) -> AppClient:
        client = AppClient(app, **options)
        self.clients.append(client)
        return client

    def async_(self, app: Any, **options: Any) -> AsyncAppClient:
        """An ``AsyncAppClient`` (create it inside the test's event loop; ``await client.wait_idle()``)."""
        client = AsyncAppClient(app, **options)
        self.clients.append(client)
        return client

    def connect(self, url: str, transport: str = "websocket", **options: Any) -> Any:
        """A client of a running server (see ``webio.testing.connect``)."""
        from .network import connect

        client = connect(url, transport, **options)
        self.clients.append(client)
        return client

    def close_all(self) -> None:
        for client in self.clients:
            try:
                client.transport.close()
            except Exception:  # a broken client must not hide the test's own result
                pass
        self.clients.clear()


@pytest.fixture
def webio_client() -> Iterator[ClientFactory]:
    """A factory of test clients for webio apps; closes their sessions after the test."""
    factory = ClientFactory()
    yield factory
    factory.close_all()
