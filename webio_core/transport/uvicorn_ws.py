"""uvicorn's WebSocket protocol with permessage-deflate as webio accepts it (transport/deflate.py).

uvicorn keeps a compressor and a decompressor per connection when it accepts deflate. This protocol
answers with no context takeover and 4 KiB windows instead, so an idle tab keeps no zlib state.
``webio.starlette.start_server`` uses it; for your own uvicorn (Starlette, FastAPI, Django
Channels), pass it by name.

Example::

    uvicorn myproject.asgi:application --ws webio.transport.uvicorn_ws:WebSocketProtocol
"""
from __future__ import annotations

from typing import Any

from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory

from .deflate import MEM_LEVEL, WINDOW_BITS

_UvicornProtocol: Any
try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

    _UvicornProtocol = WebSocketsSansIOProtocol
except ImportError:  # uvicorn before 0.35 has only the websockets-legacy protocol
    from uvicorn.protocols.websockets.websockets_impl import WebSocketProtocol as _LegacyProtocol

    _UvicornProtocol = _LegacyProtocol

__all__ = ["WebSocketProtocol", "deflate_factory"]


def deflate_factory() -> ServerPerMessageDeflateFactory:
    """The websockets library's permessage-deflate, negotiated as webio does."""
    return ServerPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True,
                                          server_max_window_bits=WINDOW_BITS, client_max_window_bits=WINDOW_BITS,
                                          compress_settings={"memLevel": MEM_LEVEL})


class WebSocketProtocol(_UvicornProtocol):  # type: ignore[misc]  # uvicorn's class, chosen at import
    """uvicorn's default WebSocket protocol; deflate (``--ws-per-message-deflate``, on by default)
    with webio's parameters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.config.ws_per_message_deflate:
            # The sans-I/O protocol negotiates through self.conn; the legacy one is the connection.
            connection: Any = getattr(self, "conn", self)
            connection.available_extensions = [deflate_factory()]
