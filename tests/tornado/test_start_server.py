"""``webio.start_server`` / ``webio.tornado.start_server`` in a process of their own, as a user runs them."""
from __future__ import annotations


import pytest

from tests.conformance.servers import check_serves_http_transport, start_server_http

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("module", ["webio", "webio.tornado"])
@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_start_server_serves_the_http_transport(module: str, keyword: str) -> None:
    spec = start_server_http(f"{module}-http", "tornado", ("tornado",), module, keyword)
    check_serves_http_transport(spec, "tornado.httputil.HTTPServerRequest")
