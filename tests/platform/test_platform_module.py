"""``webio.platform``: PyWebIO's deployment names resolve to webio's modules."""
from __future__ import annotations

import importlib
import inspect

import pytest

import webio
import webio.platform


def test_default_server_names() -> None:
    import webio.tornado

    assert webio.platform.tornado is webio.tornado
    assert webio.platform.start_server is webio.tornado.start_server
    assert webio.platform.webio_handler is webio.tornado.webio_handler
    from webio.platform.tornado import webio_handler

    assert webio_handler is webio.tornado.webio_handler
    from webio.session import run_event_loop

    assert webio.platform.run_event_loop is run_event_loop
    assert webio.platform.config is webio.config


def test_tornado_http_defaults_follow_the_manual() -> None:
    from webio.platform.tornado_http import start_server, webio_handler

    parameters = inspect.signature(start_server).parameters
    assert parameters["port"].default == 8080
    assert "session_expire_seconds" in parameters and "reconnect_timeout" not in parameters
    assert webio_handler(lambda: None).endpoint.protocol == "http"


def test_path_deploy_functions() -> None:
    parameters = inspect.signature(webio.platform.path_deploy).parameters
    assert list(parameters)[:4] == ["base", "port", "host", "index"]
    assert callable(webio.platform.path_deploy_http)


@pytest.mark.parametrize("alias, target, framework", [
    ("flask", "webio.flask", "flask"), ("django", "webio.django", "django"),
    ("aiohttp", "webio.aiohttp", "aiohttp"), ("starlette", "webio.starlette", "starlette"),
    ("fastapi", "webio.starlette", "starlette"),
])
def test_framework_aliases_are_the_plugins(alias: str, target: str, framework: str) -> None:
    pytest.importorskip(framework)
    try:
        plugin = importlib.import_module(target)
    except ImportError as error:  # the plugin itself is not written yet
        pytest.skip(f"{target} not importable: {error}")
    assert importlib.import_module(f"webio.platform.{alias}") is plugin
    assert getattr(webio.platform, alias) is plugin


def test_unknown_name_says_so() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        webio.platform.nope  # noqa: B018

