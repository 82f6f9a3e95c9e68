"""Tiny webio apps the plugin and conformance tests drive, plus one ready-made app per framework.

``echo`` (thread session) and ``echo_async`` (coroutine session) first report which backend and
request type the session sees, then loop: ask the browser for a value with ``eval_js`` and echo it
back with ``run_js`` together with how many values they have received, so a duplicated event
shows up as a wrong count.

Real servers load the framework apps by name, e.g. ``uvicorn echo_app:starlette_app``.
"""
from __future__ import annotations

import os
from typing import Any

from webio.session import eval_js, info, run_js

RECONNECT_TIMEOUT = float(os.environ.get("WEBIO_TEST_RECONNECT_TIMEOUT", "5"))
PROTOCOL = os.environ.get("WEBIO_TEST_PROTOCOL", "websocket")


def _hello() -> None:
    run_js("hello", backend=info.backend, request_type=type(info.request).__name__,
           request_module=type(info.request).__module__)


def echo() -> None:
    """Thread-based echo."""
    _hello()
    count = 0
    while True:
        value = eval_js("next()")
        count += 1
        run_js("echo", value=value, count=count)


async def echo_async() -> None:
    """Coroutine-based echo."""
    _hello()
    count = 0
    while True:
        value = await eval_js("next()")
        count += 1
        run_js("echo", value=value, count=count)


APPS = {"index": echo, "echo": echo, "echo_async": echo_async}


def _starlette_app() -> Any:
    from webio.starlette import asgi_app

    return asgi_app(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL)


def _fastapi_app() -> Any:
    from fastapi import FastAPI

    from webio.starlette import asgi_app

    app = FastAPI()
    app.mount("/tools/x", asgi_app(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL))
    return app


def _aiohttp_app() -> Any:
    from aiohttp import web

    from webio.aiohttp import webio_handler

    handler = webio_handler(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL)
    app = web.Application()
    app.add_routes([web.get("/tools/x/", handler), web.post("/tools/x/", handler)])
    return app


def __getattr__(name: str) -> Any:
    """Build framework apps only when a server asks for them (each needs its framework)."""
    builders = {"starlette_app": _starlette_app, "fastapi_app": _fastapi_app, "aiohttp_app": _aiohttp_app}
    if name in builders:
        return builders[name]()
    raise AttributeError(name)
