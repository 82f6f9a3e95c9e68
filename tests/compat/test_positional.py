"""PyWebIO's positional arguments (issue item 9): start_server(app, port, host, debug, ...) of the
default server and aiohttp, webio_view(app, cdn) of Flask, aiohttp's webio_handler order, and
webio.path_deploy / path_deploy_http at the top level."""
from __future__ import annotations

import json
import re
import socket
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

import webio
from webio.testing import connect

from tests.e2e.harness import running_process

SERVER = """
import sys
from webio.input import input
from webio.output import put_text
from {module} import start_server

def main():
    put_text("hello", input("Your name"))

start_server(main, int(sys.argv[1]), "127.0.0.1", True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_when_up(url: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def page_config(page: str) -> dict[str, object]:
    found = re.search(r'<script id="webio-config" type="application/json">(.*?)</script>', page, re.S)
    assert found, page[:300]
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize("module", ["webio", "webio.platform.tornado", "webio.aiohttp"])
def test_start_server_takes_port_host_debug_by_position(tmp_path: Path, module: str) -> None:
    script = tmp_path / "serve.py"
    script.write_text(textwrap.dedent(SERVER.format(module=module)))
    port = free_port()
    with running_process([str(script), str(port)]) as (_proc, output):
        url = f"http://127.0.0.1:{port}/"
        page = page_when_up(url)
        assert page_config(page)["debug"] is True, output.text   # the fourth positional argument
        client = connect(url, transport="websocket")
        try:
            client.submit("Ada")
            client.wait_until(lambda c: c.text == "hello Ada", timeout=10)
        finally:
            client.close()


def test_flask_webio_view_takes_cdn_by_position() -> None:
    import flask

    from webio.flask import webio_view

    app = flask.Flask(__name__)
    app.add_url_rule("/tool", "webio_view", webio_view(lambda: None, "https://cdn.example/webio/", 30),
                     methods=["GET", "POST", "OPTIONS"])
    page = app.test_client().get("/tool").get_data(as_text=True)
    assert 'src="https://cdn.example/webio/webio.js' in page


def test_aiohttp_webio_handler_takes_pywebio_argument_order() -> None:
    from webio.aiohttp import webio_handler

    handler = webio_handler(lambda: None, "https://cdn.example/", 5, ["https://*.example"], None, "1K", {"heartbeat": 5})
    settings = handler.endpoint.settings
    assert settings.max_payload_size == 1024 and settings.reconnect_timeout == 5
    assert settings.cdn_url == "https://cdn.example/"


def test_path_deploy_at_the_top_level() -> None:
    from webio.tornado.directory import path_deploy, path_deploy_http

    assert webio.path_deploy is path_deploy and webio.path_deploy_http is path_deploy_http
    assert {"path_deploy", "path_deploy_http"} <= set(webio.__all__)
