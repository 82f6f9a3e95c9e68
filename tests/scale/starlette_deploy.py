"""``uvicorn tests.scale.starlette_deploy:app --workers 4`` (bus from $SCALE_TEST_BUS). Each request's
worker pid and session id go to $SCALE_TEST_ACCESS_LOG, so a test sees which workers served a tab."""
from __future__ import annotations

import os
from typing import Any, Awaitable, Callable

from tests.scale.deploy_apps import APPS, OPTIONS
from webio.starlette import asgi_app

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
webio_app = asgi_app(APPS, bus=os.environ["SCALE_TEST_BUS"], transport="http", **OPTIONS)


def logged(inner: ASGIApp, path: str) -> ASGIApp:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or ())
            session_id = headers.get(b"webio-session-id", b"-").decode("latin-1")
            with open(path, "a") as log:  # one short line per request: appends do not interleave
                log.write(f"{os.getpid()} {session_id}\n")
        await inner(scope, receive, send)
    return app


app = logged(webio_app, os.environ["SCALE_TEST_ACCESS_LOG"]) if os.environ.get("SCALE_TEST_ACCESS_LOG") else webio_app
