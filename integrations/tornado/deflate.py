"""Tornado's WebSocket protocol with permessage-deflate as webio accepts it (transport/deflate.py).

Tornado echoes the client's offer and keeps a compressor and a decompressor per connection (its
header parser also drops the valueless ``*_no_context_takeover`` parameters). ``WebioProtocol13``
answers with ``negotiate()``'s parameters instead, so zlib state lives only while a message is
(de)compressed, and sends messages under ``COMPRESS_MIN_CHARS`` uncompressed.
"""
from __future__ import annotations

from asyncio import Future
from typing import Any, Optional, Union

import tornado.iostream
import tornado.websocket

from ..transport.deflate import COMPRESS_MIN_CHARS, EXTENSION, DeflateAgreement, negotiate

OFFER_HEADER = "Sec-WebSocket-Extensions"


def take_offer(headers: Any) -> Optional[DeflateAgreement]:
    """webio's answer to the request's extension offers; the offers are reduced to a bare
    ``permessage-deflate`` when one is acceptable, else removed, so Tornado negotiates nothing else."""
    agreement = negotiate(headers.get(OFFER_HEADER))
    if OFFER_HEADER in headers:
        del headers[OFFER_HEADER]
    if agreement is not None:
        headers[OFFER_HEADER] = EXTENSION
    return agreement


class WebioProtocol13(tornado.websocket.WebSocketProtocol13):
    """RFC 6455 as Tornado speaks it, with webio's deflate parameters and small messages plain."""

    agreement: Optional[DeflateAgreement] = None

    def _create_compressors(self, side: str, agreed_parameters: dict[str, Any],
                            compression_options: Optional[dict[str, Any]] = None) -> None:
        if side == "server" and self.agreement is not None:
            # Tornado writes these parameters into the handshake response (None: no value).
            agreed_parameters.clear()
            agreed_parameters.update(self.agreement.parameters())
        super()._create_compressors(side, agreed_parameters, compression_options)

    def write_message(self, message: Union[str, bytes, dict[str, Any]], binary: bool = False) -> Any:
        compressor = self._compressor
        if compressor is None or not isinstance(message, (str, bytes)) or len(message) >= COMPRESS_MIN_CHARS:
            return super().write_message(message, binary)
        self._compressor = None  # this message goes without RSV1 (RFC 7692 §6: per message)
        try:
            return super().write_message(message, binary)
        finally:
            self._compressor = compressor

    def write_text_now(self, text: str) -> "Future[None]":
        """``write_message(text)`` without the task Tornado wraps each write in: the stream's own
        future, done once the socket took the frame (a frame per flush on the hot path)."""
        data = text.encode("utf-8")
        self._message_bytes_out += len(data)
        flags = 0
        compressor = self._compressor
        if compressor is not None and len(text) >= COMPRESS_MIN_CHARS:
            data = compressor.compress(data)
            flags |= self.RSV1
        try:
            return self._write_frame(True, 0x1, data, flags=flags)
        except tornado.iostream.StreamClosedError:
            raise tornado.websocket.WebSocketClosedError() from None
