"""The conformance matrix: which servers, transports and session kinds, and a running server."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from servers import SERVERS, ServerSpec

from webio.testing import connect
from webio.testing.network import NetworkClient

SESSION_KINDS = {"thread": "", "coroutine": "_async"}
CASES = [(name, transport) for name, spec in SERVERS.items() for transport in spec.transports]
QUIET = 0.05       # WebSocket client: settled once no frame came for this long (and all events acked)
TIMEOUT = 20.0     # longest a client waits for the app to react


@dataclass
class Server:
    """A running server of the matrix, and the tabs that left it right after it started."""

    name: str
    spec: ServerSpec
    transport: str
    url: str
    departed: dict[str, str] = field(default_factory=dict)  # session kind -> token of a closed tab

    def connect(self, app: str, **options: Any) -> NetworkClient:
        options.setdefault("quiet", QUIET)
        options.setdefault("timeout", TIMEOUT)
        return connect(self.url, transport=self.transport, app=app, **options)


def leave_tabs(server: Server) -> None:
    """Open a session of ``stay`` of each kind, then close the tab: the deferred calls must run once
    the server lets the session go (``test_closed_tab_releases_its_session`` checks it later, so
    nobody waits for the reconnect or expiry timeout)."""
    for kind, suffix in SESSION_KINDS.items():
        token = f"left-{kind}-{secrets.token_hex(4)}"
        client = server.connect("stay" + suffix)
        client.submit(token)
        assert f"staying {token}" in client.text
        client.close()
        server.departed[kind] = token
