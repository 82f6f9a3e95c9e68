"""The same user-visible scenarios over every plugin × transport × session kind, on real servers.

Each server of ``servers.SERVERS`` runs once per module and transport (a subprocess on
127.0.0.1 with a free port); the scenarios talk to it through ``webio.testing.connect``, as a
browser tab would. A server whose framework is not installed is skipped with the install hint.
"""
from __future__ import annotations

import urllib.error
import urllib.request
from typing import Iterator

import pytest
from servers import SERVERS, running

from webio.testing import connect

pytestmark = pytest.mark.timeout(120)

SESSION_KINDS = {"thread": "", "coroutine": "_async"}
CASES = [(name, transport) for name, spec in SERVERS.items() for transport in spec.transports]


@pytest.fixture(scope="module", params=CASES, ids=[f"{name}-{transport}" for name, transport in CASES])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, str]]:
    """(URL of the apps, transport, server name) of a running server."""
    name, transport = request.param
    spec = SERVERS[name]
    missing = spec.missing()
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)}: pip install webio[all]")
    with running(spec, transport) as url:
        yield url, transport, name


@pytest.mark.parametrize("kind", SESSION_KINDS)
def test_form_round_trip(server: tuple[str, str, str], kind: str) -> None:
    url, transport, _ = server
    client = connect(url, transport=transport, app="greet" + SESSION_KINDS[kind])
    try:
        client.submit("Ada")
        assert "Hello, Ada" in client.text
        client.submit("and again")
        assert "Again: and again" in client.text
    finally:
        client.close()


@pytest.mark.parametrize("kind", SESSION_KINDS)
def test_reconnect_resumes_without_loss_or_duplicates(server: tuple[str, str, str], kind: str) -> None:
    url, transport, _ = server
    if transport != "websocket":
        pytest.skip("the HTTP transport has no connection to lose")
    client = connect(url, transport=transport, app="greet" + SESSION_KINDS[kind])
    try:
        client.submit("Ada")
        session_id = client.session_id
        client.reconnect()
        client.submit("after reconnect")
        assert client.session_id == session_id
        assert client.text.count("Hello, Ada") == 1
        assert "Again: after reconnect" in client.text
    finally:
        client.close()


def test_session_info_names_the_backend(server: tuple[str, str, str]) -> None:
    url, transport, name = server
    client = connect(url, transport=transport, app="whoami")
    try:
        assert f"backend={SERVERS[name].backend}" in client.text
    finally:
        client.close()


def test_cross_site_connection_is_refused(server: tuple[str, str, str]) -> None:
    """A page of another site may neither open a WebSocket nor POST to the HTTP transport."""
    url, transport, _ = server
    evil = {"Origin": "http://evil.example"}
    if transport == "websocket":
        from websockets.exceptions import InvalidStatus
        from websockets.sync.client import connect as ws_connect

        with pytest.raises(InvalidStatus) as refused:
            with ws_connect("ws" + url[4:] + "?app=greet", additional_headers=evil, open_timeout=10):
                pass
        assert refused.value.response.status_code == 403
    else:
        post = urllib.request.Request(url + "?app=greet&_webio=http", data=b"{}", method="POST",
                                      headers={**evil, "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused_post:
            urllib.request.urlopen(post, timeout=10)
        assert refused_post.value.code == 403
