"""A ``websockets`` sync client that hears a server's last words.

websockets' sync client drops the frames it read together with a close frame when its close reply
cannot be written because the server already reset the connection (daphne may, right after a
last frame and its close). A browser delivers those frames; so does this client. Needs the
``websockets`` package (``pip install 'webio[test]'``).
"""
from __future__ import annotations

from typing import Any

from websockets.protocol import State
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as _connect

__all__ = ["connect"]


class _BrowserLikeConnection(ClientConnection):
    def send_data(self) -> None:
        try:
            super().send_data()
        except OSError:
            if self.protocol.state is State.OPEN:
                raise
            # Closing: the close reply is lost, the frames read with the close frame are not.


def connect(url: str, **options: Any) -> ClientConnection:
    """``websockets.sync.client.connect`` keeping frames that arrive with the server's close."""
    connection: ClientConnection = _connect(url, create_connection=_BrowserLikeConnection, **options)
    return connection
