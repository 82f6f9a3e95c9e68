"""permessage-deflate on each real WebSocket server, offered as Chromium offers it: webio's servers
answer with no context takeover and 4 KiB windows and a large message goes both ways compressed;
where webio declines (websocket_compression=False, aiohttp, daphne) the socket runs uncompressed."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import pytest

_CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
for _path in (_CONFORMANCE, _CONFORMANCE / "apps"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from servers import _START, SERVERS, ServerSpec, _python, _uvicorn, running  # noqa: E402

from tests.conformance.wire import is_script  # noqa: E402
from tests.transport.raw_websocket import RawTab, connect, extension_parameters  # noqa: E402
from webio.transport.deflate import WINDOW_BITS  # noqa: E402

pytestmark = pytest.mark.timeout(120)
BIG = "a value on a slow link " * 500  # 11,500 characters
WEBIO_WS = "webio.transport.uvicorn_ws:WebSocketProtocol"


def _with_ws_protocol(name: str, target: str, spec: ServerSpec) -> ServerSpec:
    """``spec``'s uvicorn command with ``--ws`` webio's protocol (docs: your own uvicorn)."""
    base = _uvicorn(target)
    return ServerSpec(name, spec.backend, spec.requires, lambda port, protocol: base(port, protocol) + ["--ws", WEBIO_WS],
                      transports=("websocket",), path=spec.path)


COMPRESSING = {
    "tornado": SERVERS["tornado"],
    "starlette-start_server": SERVERS["starlette-start_server"],
    "starlette-uvicorn --ws": _with_ws_protocol("starlette-uvicorn-ws", "scenario_apps:starlette_app",
                                                SERVERS["starlette-uvicorn"]),
    "django-uvicorn --ws": _with_ws_protocol("django-uvicorn-ws", "scenario_apps:django_asgi_app",
                                             SERVERS["django-uvicorn"]),
}
DECLINING = {
    "tornado websocket_compression=False": ServerSpec(
        "tornado-plain", "tornado", ("tornado",),
        _python(_START.format(module="tornado", extra=", websocket_compression=False")), transports=("websocket",)),
    "starlette-start_server websocket_compression=False": ServerSpec(
        "starlette-plain", "starlette", ("starlette", "uvicorn"),
        _python(_START.format(module="starlette", extra=", websocket_compression=False")), transports=("websocket",)),
    "aiohttp-start_server": SERVERS["aiohttp-start_server"],
    "django-daphne": SERVERS["django-daphne"],
}


def open_echo(spec: ServerSpec, url: str, offer: Optional[str] = "permessage-deflate; client_max_window_bits") -> RawTab:
    port = int(url.split(":")[2].split("/")[0])
    return connect(port, offer=offer, path=spec.path + "?app=echo")


def echo_round(tab: RawTab, value: str, compress_bits: Optional[int]) -> str:
    ask = tab.wait_for(is_script("next()"))
    tab.event("js_yield", ask["task_id"], value, compress_bits)
    return str(tab.wait_for(is_script("echo"))["spec"]["args"]["value"])


@pytest.mark.parametrize("name", list(COMPRESSING))
def test_webio_deflate_is_negotiated_and_large_messages_go_compressed(name: str) -> None:
    spec = COMPRESSING[name]
    with running(spec, "websocket") as url:
        tab = open_echo(spec, url)
        try:
            params = extension_parameters(tab.extensions)
            assert params == {"server_no_context_takeover": None, "client_no_context_takeover": None,
                              "server_max_window_bits": str(WINDOW_BITS),
                              "client_max_window_bits": str(WINDOW_BITS)}, tab.extensions
            for value in (BIG, BIG + "!"):  # each message inflates alone: no context kept between them
                start_at = len(tab.messages)
                assert echo_round(tab, value, WINDOW_BITS) == value
                big = [m for m in tab.messages[start_at:] if value in m.text]
                assert big and all(m.compressed and m.wire_bytes < len(m.text) // 10 for m in big)
        finally:
            tab.close()


@pytest.mark.parametrize("name", list(DECLINING))
def test_where_webio_declines_the_socket_runs_uncompressed(name: str) -> None:
    spec = DECLINING[name]
    with running(spec, "websocket") as url:
        tab = open_echo(spec, url)
        try:
            assert tab.status == 101 and tab.extensions is None
            assert echo_round(tab, BIG, None) == BIG
            assert not any(m.compressed for m in tab.messages)
        finally:
            tab.close()
