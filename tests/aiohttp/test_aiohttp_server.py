"""webio.aiohttp on aiohttp's own server (``python -m aiohttp.web`` and ``start_server``), driven
over the network by a ``websockets`` client."""
from __future__ import annotations

import urllib.request

import pytest

pytest.importorskip("websockets", reason="real-server tests need websockets: pip install webio[test]")

from network_wire import round_trip_and_resume  # noqa: E402
from servers import SERVERS, running  # noqa: E402

pytestmark = pytest.mark.timeout(90)


@pytest.mark.parametrize("server", ["aiohttp", "aiohttp-start_server"])
@pytest.mark.parametrize("app", ["echo", "echo_async"])
def test_round_trip_and_resume_over_the_network(server: str, app: str) -> None:
    with running(SERVERS[server], "websocket") as url:
        with urllib.request.urlopen(url) as page:
            assert page.status == 200 and b"?_webio_static=" in page.read()
        hello = round_trip_and_resume(url, app)
        assert hello["spec"]["args"]["backend"] == "aiohttp"
        assert hello["spec"]["args"]["request_type"] == "Request"
