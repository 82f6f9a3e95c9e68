"""webio.flask on real servers (werkzeug via start_server, gunicorn), driven over the network."""
from __future__ import annotations

import sys
from typing import Any

import pytest

pytest.importorskip("flask")
requests = pytest.importorskip("requests")

from tests.flask.http_tab import HttpTab, echo_round_trip  # noqa: E402
from tests.flask.real_server import free_port, running  # noqa: E402
from webio.testing import connect  # noqa: E402

pytestmark = pytest.mark.timeout(120)


def network_tab(http: Any, url: str, **headers: str) -> HttpTab:
    def post(url: str, body: bytes, hdrs: dict[str, str]) -> tuple[int, bytes]:
        response = http.post(url, data=body, headers=hdrs, timeout=30)
        return response.status_code, response.content

    return HttpTab(post, url, headers)


def check_server(base: str, path: str) -> None:
    """Page, asset, echo round trips (thread and coroutine apps), input/put_text, origin check."""
    with requests.Session() as http:
        page = http.get(base + path, timeout=10)
        assert page.status_code == 200 and '"transport":"http"' in page.text
        asset = http.get(base + path + "?_webio_static=webio.js", timeout=10)
        assert asset.status_code == 200 and asset.headers["Content-Type"].startswith("text/javascript")
        for name in ("echo", "echo_async"):
            hello = echo_round_trip(network_tab(http, f"{base}{path}?app={name}"), ("x", 3))
            assert hello == {"backend": "flask", "request_type": "Request", "request_module": "flask.wrappers"}
        greeter = connect(base + path, transport="http", app="greet")
        greeter.submit("Ada")
        assert greeter.text == "Hello, Ada from flask"
        greeter.close()
        refused = http.post(f"{base}{path}?_webio=http", data=b"{}", timeout=10,
                            headers={"Origin": "https://elsewhere.example", "Content-Type": "application/json"})
        assert refused.status_code == 403


def test_start_server_runs_threaded_werkzeug() -> None:
    port = free_port()
    code = ("from tests.flask.flask_apps import APPS\nfrom webio.flask import start_server\n"
            f"start_server(APPS, port={port}, host='127.0.0.1')")
    with running([sys.executable, "-c", code], port) as base:
        check_server(base, "/")


def test_gunicorn_one_worker_with_threads() -> None:
    port = free_port()
    args = ["gunicorn", "-w", "1", "--threads", "8", "-b", f"127.0.0.1:{port}", "tests.flask.flask_apps:app"]
    with running(args, port) as base:
        check_server(base, "/")
        page = requests.get(base + "/", timeout=10)  # the browser keeps its connection between polls
        assert page.raw.version == 11 and page.headers.get("Connection", "").lower() != "close"


def test_gunicorn_serves_a_project_with_the_blueprint_at_tools_x() -> None:
    port = free_port()
    args = ["gunicorn", "-w", "1", "--threads", "8", "-b", f"127.0.0.1:{port}", "tests.flask.flask_apps:project"]
    with running(args, port) as base:
        assert requests.get(base + "/", timeout=10).text == "the rest of the project"
        check_server(base, "/tools/x/")
        check_server(base, "/tools/x")
