"""The small webio apps that the plugin and conformance tests drive, and one app object per framework.

- ``echo`` (thread session) / ``echo_async`` (coroutine session): report the backend and the type
  of ``session.info.request`` (``run_js('hello', …)``), then loop: ask the browser for a value with
  ``eval_js('next()')`` and send it back with ``run_js('echo', value=…, count=…)``; ``count`` shows a
  duplicated event at once. Used at the wire level.
- ``greet`` / ``greet_async``: two text inputs and their answers with ``put_text``; used through
  ``webio.testing.connect``.
- ``whoami``: ``put_text`` of the backend and the request type.
- the apps of ``conformance_apps`` (the conformance scenarios), under their own names.

Servers load a framework app by name, e.g. ``uvicorn scenario_apps:starlette_app`` or
``python -m aiohttp.web scenario_apps:aiohttp_app_factory``; ``WEBIO_TEST_PROTOCOL`` and
``WEBIO_TEST_RECONNECT_TIMEOUT`` set the transport and the reconnect timeout. Every server gets
``OPTIONS`` (and the HTTP-capable ones ``HTTP_OPTIONS``), so a scenario sees the same limits
whichever plugin serves it.
"""
from __future__ import annotations

import os
from typing import Any

from webio.input import input
from webio.output import put_text
from webio.session import eval_js, info, run_js

try:
    import conformance_apps
except ImportError:  # imported as tests.conformance.apps.scenario_apps
    from . import conformance_apps  # type: ignore[no-redef]

RECONNECT_TIMEOUT = float(os.environ.get("WEBIO_TEST_RECONNECT_TIMEOUT", "5"))
PROTOCOL = os.environ.get("WEBIO_TEST_PROTOCOL", "websocket")
SESSION_EXPIRE_SECONDS = float(os.environ.get("WEBIO_TEST_SESSION_EXPIRE", "6"))
MOUNT = "/tools/x"  # where the "mounted" framework apps serve webio
ALLOWED_ORIGIN = "http://allowed.example"
# Below daphne's default WebSocket message limit (1 MiB), so webio itself rejects bigger messages.
MAX_PAYLOAD_SIZE = 256 * 1024
OPTIONS: dict[str, Any] = {"allowed_origins": [ALLOWED_ORIGIN], "max_payload_size": MAX_PAYLOAD_SIZE}
HTTP_OPTIONS: dict[str, Any] = {"session_expire_seconds": SESSION_EXPIRE_SECONDS, "session_cleanup_interval": 1}


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


def greet() -> None:
    """Thread-based greeting."""
    name = input("Your name")
    put_text(f"Hello, {name}")
    again = input("Once more")
    put_text(f"Again: {again}")
    input("Done?")


async def greet_async() -> None:
    """Coroutine-based greeting."""
    name = await input("Your name")
    put_text(f"Hello, {name}")
    again = await input("Once more")
    put_text(f"Again: {again}")
    await input("Done?")


def whoami() -> None:
    """Backend and request type."""
    put_text(f"backend={info.backend} request={type(info.request).__module__}.{type(info.request).__name__}")
    input("Done?")


APPS = {"index": echo, "echo": echo, "echo_async": echo_async, "greet": greet, "greet_async": greet_async,
        "whoami": whoami, **conformance_apps.APPS}


# --------------------------------------------------------------------------- framework apps
def _starlette_app() -> Any:
    from webio.starlette import asgi_app

    return asgi_app(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL, **OPTIONS, **HTTP_OPTIONS)


def _fastapi_app() -> Any:
    from fastapi import FastAPI

    from webio.starlette import asgi_app

    app = FastAPI()
    app.mount(MOUNT, asgi_app(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL, **OPTIONS, **HTTP_OPTIONS))
    return app


def aiohttp_app_factory(argv: Any = None) -> Any:
    """For ``python -m aiohttp.web scenario_apps:aiohttp_app_factory`` (webio under ``MOUNT/``)."""
    from aiohttp import web

    from webio.aiohttp import webio_handler

    handler = webio_handler(APPS, reconnect_timeout=RECONNECT_TIMEOUT, protocol=PROTOCOL, **OPTIONS, **HTTP_OPTIONS)
    app = web.Application()
    app.add_routes([web.get(MOUNT + "/", handler), web.post(MOUNT + "/", handler)])
    app.on_shutdown.append(handler.on_shutdown)
    return app


def _flask_app() -> Any:
    from webio.flask import wsgi_app

    return wsgi_app(APPS, **OPTIONS, **HTTP_OPTIONS)


def _django_wsgi_app() -> Any:
    from webio.django import wsgi_app

    return wsgi_app(APPS, **OPTIONS, **HTTP_OPTIONS)


def _django_asgi_app() -> Any:
    from webio.django import asgi_app

    return asgi_app(APPS, reconnect_timeout=RECONNECT_TIMEOUT, **OPTIONS)


_BUILDERS = {"starlette_app": _starlette_app, "fastapi_app": _fastapi_app, "flask_app": _flask_app,
             "django_wsgi_app": _django_wsgi_app, "django_asgi_app": _django_asgi_app}
_built: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    """Build a framework app on first use only (each needs its framework installed)."""
    if name in _BUILDERS:
        if name not in _built:
            _built[name] = _BUILDERS[name]()
        return _built[name]
    raise AttributeError(name)
