"""``webio.starlette``: run webio apps in Starlette or FastAPI (ASGI), served by uvicorn.

Mount an app at a sub-path of your own application::

    from fastapi import FastAPI
    from webio.starlette import asgi_app

    app = FastAPI()
    app.mount("/tool", asgi_app(task))      # page, assets and WebSocket at /tool/

or serve it alone with ``start_server(task, port=8080)``. Every URL the page uses is relative to
the page's own URL, so the app works under any mount point and behind a reverse proxy.

Production: ``uvicorn myapp:app --host 0.0.0.0 --port 8080 --ws-max-size 209715200``. Sessions live
in one process: run one worker, or give several a shared bus (``WEBIO_BUS``). Behind a proxy that strips a
prefix, add ``--root-path /prefix --proxy-headers --forwarded-allow-ips <proxy address>``; only
Starlette's ``/tool`` → ``/tool/`` redirect uses them. ``session.info.request`` is the
``starlette.websockets.WebSocket`` (the ``Request`` with ``transport='http'``).
"""
from __future__ import annotations

try:
    import starlette  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "webio.starlette needs Starlette: install it with `pip install webio[starlette]` "
        "(or `pip install webio[fastapi]` for FastAPI)"
    ) from exc

from .routes import asgi_app, webio_routes
from .server import start_server

__all__ = ["asgi_app", "webio_routes", "start_server"]
