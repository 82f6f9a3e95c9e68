"""The permessage-deflate parameters webio answers each offer with (webio/transport/deflate.py)."""
from __future__ import annotations

from typing import Optional

import pytest

from webio.transport.deflate import WINDOW_BITS, DeflateAgreement, negotiate

CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits"


def test_chromiums_offer_gets_no_context_takeover_and_small_windows() -> None:
    agreed = negotiate(CHROMIUM_OFFER)
    assert agreed == DeflateAgreement(server_max_window_bits=WINDOW_BITS, client_max_window_bits=WINDOW_BITS)
    assert agreed.header() == ("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                               f"server_max_window_bits={WINDOW_BITS}; client_max_window_bits={WINDOW_BITS}")


def test_an_offer_without_client_max_window_bits_gets_none_back() -> None:
    """RFC 7692 §7.1.2.2: the server may answer client_max_window_bits only if it was offered (Firefox)."""
    agreed = negotiate("permessage-deflate")
    assert agreed is not None and agreed.client_max_window_bits is None
    assert "client_max_window_bits" not in agreed.header()


@pytest.mark.parametrize("offer, server_bits, client_bits", [
    ("permessage-deflate; server_max_window_bits=10", 10, None),
    ("permessage-deflate; server_max_window_bits=15; client_max_window_bits=9", WINDOW_BITS, 9),
    ('permessage-deflate; client_max_window_bits="11"', WINDOW_BITS, 11),
    ("permessage-deflate; server_no_context_takeover; client_no_context_takeover", WINDOW_BITS, None),
])
def test_the_client_limits_are_respected(offer: str, server_bits: int, client_bits: Optional[int]) -> None:
    assert negotiate(offer) == DeflateAgreement(server_bits, client_bits)


@pytest.mark.parametrize("offer", [
    None, "", "x-webkit-deflate-frame",
    "permessage-deflate; server_max_window_bits=8",   # zlib cannot compress with an 8-bit window
    "permessage-deflate; server_max_window_bits=16",
    "permessage-deflate; client_max_window_bits=abc",
    "permessage-deflate; server_no_context_takeover=1",
    "permessage-deflate; unknown_parameter",
    "permessage-deflate; server_max_window_bits=10; server_max_window_bits=11",
])
def test_unusable_offers_are_declined(offer: Optional[str]) -> None:
    assert negotiate(offer) is None


def test_the_first_usable_offer_wins() -> None:
    agreed = negotiate("permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=11, "
                       "permessage-deflate")
    assert agreed == DeflateAgreement(11, None)
