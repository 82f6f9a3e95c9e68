"""Fixtures of the conformance suite: one real server per plugin × transport, both session kinds.

``server`` is session-scoped and parametrized over every (server, transport) of
``servers.SERVERS``: pytest groups the tests of both test modules by it, so each server starts
once. ``kind`` picks the thread-based (``NAME``) or coroutine-based (``NAME_async``) variant of a
scenario app; ``open_app`` opens a session of it through ``webio.testing.connect`` and closes it
after the test.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

_HERE = Path(__file__).resolve().parent
for _path in (_HERE, _HERE / "apps"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from matrix import CASES, SESSION_KINDS, Server, leave_tabs  # noqa: E402
from servers import SERVERS, running  # noqa: E402

from webio.testing.network import NetworkClient  # noqa: E402


@pytest.fixture(scope="module", params=CASES, ids=[f"{name}-{transport}" for name, transport in CASES])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    name, transport = request.param
    spec = SERVERS[name]
    missing = spec.missing()
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)}: pip install webio[all]")
    with running(spec, transport) as url:
        running_server = Server(name, spec, transport, url)
        leave_tabs(running_server)
        yield running_server


@pytest.fixture(params=list(SESSION_KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def open_app(server: Server, kind: str) -> Iterator[Callable[..., NetworkClient]]:
    """``open_app('outputs', ready='Red Blue')`` opens the ``kind`` variant of an app and waits until
    its first screen ends with ``ready`` (a thread app may send it in several frames); every client
    is closed after the test."""
    clients: list[NetworkClient] = []

    def open_(app: str, ready: str = "", **options: Any) -> NetworkClient:
        client = server.connect(app + SESSION_KINDS[kind], **options)
        clients.append(client)
        if ready:
            client.wait_until(lambda c: ready in c.text)
        return client

    yield open_
    for client in clients:
        client.close()
