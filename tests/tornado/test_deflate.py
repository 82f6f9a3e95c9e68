"""permessage-deflate on webio.tornado: the handshake answers a browser's offer with no context
takeover and 4 KiB windows, large messages travel compressed both ways, small ones plain, and
``websocket_compression=False`` declines it (webio/transport/deflate.py)."""
from __future__ import annotations

import asyncio
from typing import Any, Iterator

import pytest
import websockets
from scenario_apps import echo
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

from tests.conformance.wire import FakeBrowser, is_script
from tests.tornado.tabs import start
from tests.transport.raw_websocket import RawTab, connect, extension_parameters
from webio.tornado import WebioServer, webio_handler
from webio.transport.deflate import COMPRESS_MIN_CHARS, WINDOW_BITS

BIG = "webio " * 1500  # 9,000 characters, far above COMPRESS_MIN_CHARS


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[WebioServer] = []

    def run(**options: Any) -> int:
        handler = webio_handler(echo, **options)
        server = start([(r"/", handler)], lambda: [handler.endpoint])
        servers.append(server)
        return server.port

    yield run
    for server in servers:
        server.request_stop()


def echo_round(tab: RawTab, value: str, compress_bits: Any = None) -> str:
    """Answer the echo app's next eval_js with ``value``; return what it echoes."""
    ask = tab.wait_for(is_script("next()"))
    tab.event("js_yield", ask["task_id"], value, compress_bits)
    return str(tab.wait_for(is_script("echo"))["spec"]["args"]["value"])


def test_chromiums_offer_is_answered_with_no_context_takeover_and_small_windows(serve: Any) -> None:
    tab = connect(serve())
    try:
        assert tab.status == 101
        assert extension_parameters(tab.extensions) == {
            "server_no_context_takeover": None, "client_no_context_takeover": None,
            "server_max_window_bits": str(WINDOW_BITS), "client_max_window_bits": str(WINDOW_BITS)}
    finally:
        tab.close()


def test_large_messages_travel_compressed_both_ways_and_small_ones_plain(serve: Any) -> None:
    tab = connect(serve())
    try:
        # The same big value twice: each message inflates alone (no context kept between them).
        for _ in range(2):
            start_at = len(tab.messages)
            assert echo_round(tab, BIG, compress_bits=WINDOW_BITS) == BIG
            big = [m for m in tab.messages[start_at:] if BIG in m.text]
            assert big and all(m.compressed for m in big)
            assert all(m.wire_bytes < len(m.text) // 10 for m in big), [m.wire_bytes for m in big]
        start_at = len(tab.messages)
        assert echo_round(tab, "small") == "small"  # the client may send uncompressed too
        small = tab.messages[start_at:]
        assert small and all(len(m.text) < COMPRESS_MIN_CHARS and not m.compressed for m in small)
    finally:
        tab.close()


def test_an_offer_without_client_max_window_bits_is_answered_without_it(serve: Any) -> None:
    tab = connect(serve(), offer="permessage-deflate")
    try:
        params = extension_parameters(tab.extensions)
        assert "client_max_window_bits" not in params and "client_no_context_takeover" in params
        assert echo_round(tab, BIG, compress_bits=15) == BIG
    finally:
        tab.close()


def assert_uncompressed(tab: Any) -> None:
    """The handshake negotiated no extension and a large message travels plain both ways."""
    try:
        assert tab.status == 101 and tab.extensions is None
        assert echo_round(tab, BIG) == BIG
        assert not any(m.compressed for m in tab.messages)
    finally:
        tab.close()


@pytest.mark.parametrize("offer", [None, "permessage-deflate; server_max_window_bits=8", "x-webkit-deflate-frame"])
def test_no_usable_offer_means_no_compression(serve: Any, offer: Any) -> None:
    assert_uncompressed(connect(serve(), offer=offer))


def test_websocket_compression_false_declines_the_offer(serve: Any) -> None:
    assert_uncompressed(connect(serve(websocket_compression=False)))


def test_an_independent_rfc7692_client_round_trips(serve: Any) -> None:
    """The websockets library checks the response's parameters and honours them when it sends."""
    port = serve()

    async def run() -> list[str]:
        async with websockets.connect(f"ws://127.0.0.1:{port}/", origin=f"http://127.0.0.1:{port}",
                                      compression=None,
                                      extensions=[ClientPerMessageDeflateFactory(client_max_window_bits=True)],
                                      max_size=None) as ws:
            assert ws.response is not None
            assert "server_no_context_takeover" in ws.response.headers["Sec-WebSocket-Extensions"]
            browser, echoed = FakeBrowser(), []
            for value in (BIG, "small", BIG + "!"):
                while (ask := browser.take(is_script("next()"))) is None:
                    browser.feed(str(await asyncio.wait_for(ws.recv(), 10)))
                await ws.send(browser.event("js_yield", ask["task_id"], value))
                while (said := browser.take(is_script("echo"))) is None:
                    browser.feed(str(await asyncio.wait_for(ws.recv(), 10)))
                echoed.append(said["spec"]["args"]["value"])
            return echoed

    assert asyncio.run(run()) == [BIG, "small", BIG + "!"]
