"""The apps the resilience tests serve, and one app object per framework (loaded by name by each server).

- ``marker`` (thread session) / ``marker_async`` (coroutine session): ``defer_call`` writes a file in
  ``$WEBIO_GUARD_MARKERS`` (its content: the time it ran), then the app waits for an input forever.
- ``noop``: shows a line and ends (its session closes by itself): the warm-up of a server.
- ``clicks``: counts button clicks (the events-per-second limit).
- ``upload``: waits for a file (the mid-upload disconnect).

Settings come from the environment: ``WEBIO_GUARD_TRANSPORT`` (``http``/``websocket``),
``WEBIO_GUARD_EXPIRE`` / ``WEBIO_GUARD_CLEANUP`` (session expiry), ``WEBIO_GUARD_LIMITS`` (JSON of
``max_sessions`` & co), ``WEBIO_GUARD_RECONNECT`` (reconnect_timeout).
"""
from __future__ import annotations

import json
import os
import time
import uuid
from typing import Any

from webio.input import file_upload, input
from webio.output import put_buttons, put_text
from webio.session import defer_call

MARKERS = os.environ.get("WEBIO_GUARD_MARKERS", "")
TRANSPORT = os.environ.get("WEBIO_GUARD_TRANSPORT", "http")
LIMITS: dict[str, Any] = json.loads(os.environ.get("WEBIO_GUARD_LIMITS") or "{}")
EXPIRY: dict[str, Any] = {"session_expire_seconds": float(os.environ.get("WEBIO_GUARD_EXPIRE", "2")),
                          "session_cleanup_interval": float(os.environ.get("WEBIO_GUARD_CLEANUP", "1"))}
RECONNECT = float(os.environ.get("WEBIO_GUARD_RECONNECT", "0"))


def _mark(kind: str) -> None:
    if MARKERS:
        path = os.path.join(MARKERS, f"{kind}-{uuid.uuid4().hex}")
        with open(path + ".tmp", "w") as file:
            file.write(repr(time.time()))
        os.replace(path + ".tmp", path)


def marker() -> None:
    defer_call(lambda: _mark("thread"))
    put_text("waiting for you")
    input("Anything?")
    input("Anything else?")


async def marker_async() -> None:
    defer_call(lambda: _mark("coroutine"))
    put_text("waiting for you")
    await input("Anything?")
    await input("Anything else?")


def noop() -> None:
    put_text("done")


def clicks() -> None:
    count = [0]

    def clicked(_: Any) -> None:
        count[0] += 1
        put_text(f"click {count[0]}")

    put_buttons(["click"], onclick=clicked)
    put_text("ready")
    input("Still there?")


def upload() -> None:
    defer_call(lambda: _mark("upload"))
    put_text("upload a file")
    file_upload("A file")
    put_text("got it")
    input("Anything?")


APPS = {"index": marker, "marker": marker, "marker_async": marker_async, "noop": noop, "clicks": clicks,
        "upload": upload}
OPTIONS: dict[str, Any] = {**EXPIRY, **LIMITS}


def _flask_app() -> Any:
    from webio.flask import wsgi_app

    return wsgi_app(APPS, **OPTIONS)


def _django_wsgi_app() -> Any:
    from webio.django import wsgi_app

    return wsgi_app(APPS, WEBIO=dict(LIMITS), **EXPIRY)


def _django_asgi_app() -> Any:
    """Django under an ASGI server (uvicorn, daphne) with the transport of ``WEBIO_GUARD_TRANSPORT``."""
    if TRANSPORT == "websocket":
        from webio.django import asgi_app

        return asgi_app(APPS, reconnect_timeout=RECONNECT, WEBIO=dict(LIMITS))
    from webio.django.conf import make_endpoint
    from webio.django.server import WebioASGIHandler, setup_django, urlconf

    setup_django(WEBIO=dict(LIMITS))
    return WebioASGIHandler(urlconf(make_endpoint(APPS, dict(EXPIRY), "http"), None))


def _starlette_app() -> Any:
    from webio.starlette import asgi_app

    return asgi_app(APPS, transport=TRANSPORT, reconnect_timeout=RECONNECT, **OPTIONS)


def aiohttp_app_factory(argv: Any = None) -> Any:
    """For ``python -m aiohttp.web guard_apps:aiohttp_app_factory``."""
    from aiohttp import web

    from webio.aiohttp import webio_handler

    handler = webio_handler(APPS, transport=TRANSPORT, reconnect_timeout=RECONNECT, **OPTIONS)
    app = web.Application()
    app.add_routes([web.route("*", "/", handler)])
    app.on_shutdown.append(handler.on_shutdown)
    return app


_BUILDERS = {"flask_app": _flask_app, "django_wsgi_app": _django_wsgi_app, "django_asgi_app": _django_asgi_app,
             "starlette_app": _starlette_app}
_built: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    """Build a framework app on first use only (each needs its framework installed)."""
    if name in _BUILDERS:
        if name not in _built:
            _built[name] = _BUILDERS[name]()
        return _built[name]
    raise AttributeError(name)
