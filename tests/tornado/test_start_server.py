"""``webio.start_server`` / ``webio.tornado.start_server`` in a process of their own, as a user runs them."""
from __future__ import annotations

import json
import re
import sys
import urllib.request

import pytest

from tests.conformance.servers import ServerSpec, running
from webio.testing import connect

pytestmark = pytest.mark.timeout(60)

START = ("import scenario_apps as a; from {module} import start_server; "
         "start_server(a.APPS, port={port}, host='127.0.0.1', {keyword}='http', **a.OPTIONS, **a.HTTP_OPTIONS)")


@pytest.mark.parametrize("module", ["webio", "webio.tornado"])
@pytest.mark.parametrize("keyword", ["transport", "protocol"])
def test_start_server_serves_the_http_transport(module: str, keyword: str) -> None:
    spec = ServerSpec(f"{module}-http", "tornado", ("tornado",),
                      lambda port, _: [sys.executable, "-c", START.format(module=module, port=port, keyword=keyword)])
    with running(spec, "http") as url:
        with urllib.request.urlopen(url + "?app=whoami") as page:
            config = re.search(r'id="webio-config"[^>]*>(.*?)</script>', page.read().decode(), re.S)
        assert config and json.loads(config.group(1))["transport"] == "http"
        client = connect(url, transport="http", app="whoami")
        try:
            assert "backend=tornado request=tornado.httputil.HTTPServerRequest" in client.text
        finally:
            client.close()
