"""permessage-deflate (RFC 7692) in the form webio accepts: cheap for idle tabs.

A browser offers ``permessage-deflate; client_max_window_bits``. webio answers with no context
takeover in either direction and small windows, so zlib state lives only while one message is
compressed or decompressed: an idle tab keeps none (a kept-up compressor and decompressor cost about
150 KiB per connection). Messages under ``COMPRESS_MIN_CHARS`` go uncompressed (RFC 7692 lets
each message choose): a click's reply gains a few bytes from deflate and would pay a zlib setup.

Example::

    agreed = negotiate("permessage-deflate; client_max_window_bits")
    agreed.header()   # 'permessage-deflate; server_no_context_takeover; client_no_context_takeover;
                      #  server_max_window_bits=12; client_max_window_bits=12'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

EXTENSION = "permessage-deflate"
# 4 KiB windows: JSON frames compress nearly as well as with 32 KiB, and both sides allocate less.
WINDOW_BITS = 12
# zlib's memLevel for the compressor (1-9, default 8): 16 KiB of hash tables instead of 128 KiB.
MEM_LEVEL = 5
# Messages shorter than this (characters) are sent uncompressed.
COMPRESS_MIN_CHARS = 1024
# zlib cannot compress with an 8-bit window (it uses 9), so an offer that demands one is declined.
MIN_SERVER_WINDOW_BITS = 9
_PARAMETERS = ("server_no_context_takeover", "client_no_context_takeover", "server_max_window_bits",
               "client_max_window_bits")


@dataclass(frozen=True)
class DeflateAgreement:
    """The parameters webio answers an acceptable offer with."""

    server_max_window_bits: int
    client_max_window_bits: Optional[int]  # None: the client did not offer the parameter

    def parameters(self) -> dict[str, Optional[str]]:
        """The response's parameters (None: a parameter without value)."""
        params: dict[str, Optional[str]] = {"server_no_context_takeover": None, "client_no_context_takeover": None,
                                            "server_max_window_bits": str(self.server_max_window_bits)}
        if self.client_max_window_bits is not None:
            params["client_max_window_bits"] = str(self.client_max_window_bits)
        return params

    def header(self) -> str:
        """The ``Sec-WebSocket-Extensions`` value of the handshake response."""
        return "; ".join([EXTENSION] + [key if value is None else f"{key}={value}"
                                        for key, value in self.parameters().items()])


def parse_offers(header: str) -> list[tuple[str, dict[str, Optional[str]]]]:
    """``Sec-WebSocket-Extensions`` as (name, parameters) pairs; a repeated parameter makes the
    offer unusable (its name comes back as '')."""
    offers: list[tuple[str, dict[str, Optional[str]]]] = []
    for offer in header.split(","):
        name, *params = [part.strip() for part in offer.split(";")]
        parsed: dict[str, Optional[str]] = {}
        for param in params:
            key, sep, value = param.partition("=")
            key = key.strip().lower()
            if not key:
                continue
            if key in parsed:
                name = ""
            parsed[key] = value.strip().strip('"') if sep else None
        offers.append((name.lower(), parsed))
    return offers


def _bits(value: Optional[str], low: int) -> Optional[int]:
    """A window-bits value in low..15, else None."""
    if value is None or not value.isdigit():
        return None
    bits = int(value)
    return bits if low <= bits <= 15 else None


def _agreement(params: dict[str, Optional[str]]) -> Optional[DeflateAgreement]:
    if any(key not in _PARAMETERS for key in params):
        return None
    if params.get("server_no_context_takeover", None) is not None or \
            params.get("client_no_context_takeover", None) is not None:
        return None  # these parameters take no value
    server_bits = WINDOW_BITS
    if "server_max_window_bits" in params:
        offered = _bits(params["server_max_window_bits"], 8)
        if offered is None or offered < MIN_SERVER_WINDOW_BITS:
            return None
        server_bits = min(offered, WINDOW_BITS)
    client_bits: Optional[int] = None
    if "client_max_window_bits" in params:
        value = params["client_max_window_bits"]
        if value is None:
            client_bits = WINDOW_BITS
        else:
            offered = _bits(value, 8)
            if offered is None:
                return None
            client_bits = min(offered, WINDOW_BITS)
    return DeflateAgreement(server_bits, client_bits)


def negotiate(header: Optional[str]) -> Optional[DeflateAgreement]:
    """The first acceptable permessage-deflate offer of a ``Sec-WebSocket-Extensions`` request
    header, as webio answers it; None when there is none (the connection runs uncompressed)."""
    if not header:
        return None
    for name, params in parse_offers(header):
        if name == EXTENSION:
            agreement = _agreement(params)
            if agreement is not None:
                return agreement
    return None
