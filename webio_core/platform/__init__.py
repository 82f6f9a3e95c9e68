"""``webio.platform``: ways to deploy webio apps (manual §4.5), under PyWebIO's names.

Example::

    from webio.platform import start_server, path_deploy
    from webio.platform.flask import webio_view     # same module as webio.flask

``webio.platform.tornado`` / ``tornado_http`` are the default server with the WebSocket / HTTP
transport; ``flask``, ``django``, ``aiohttp``, ``fastapi`` and ``starlette`` are the framework
plugins ``webio.flask`` etc., imported only when asked for.
"""
from __future__ import annotations

import importlib
import warnings
from typing import Any, Callable, Optional

from ..config import config
from ..session.coroutinebased import run_event_loop

# The framework aliases stay out of __all__: ``import *`` must not need every framework installed.
__all__ = ["start_server", "webio_handler", "path_deploy", "path_deploy_http", "run_event_loop", "config",
           "seo", "tornado", "tornado_http"]

def seo(title: str, description: Optional[str] = None, app: Optional[Callable[..., Any]] = None) -> Any:
    """Deprecated (PyWebIO 1.4): the page title and description of an app; use ``config(title=, description=)``.

    ``seo('Title', 'Text', app)`` returns the configured app; without ``app`` it is a decorator.
    """
    warnings.warn("webio.platform.seo() is deprecated: use webio.config(title=..., description=...)",
                  DeprecationWarning, stacklevel=2)
    decorator = config(title=title, description=description)
    return decorator if app is None else decorator(app)


_LAZY = {
    "start_server": ("webio.tornado", "start_server"),
    "webio_handler": ("webio.tornado", "webio_handler"),
    "path_deploy": ("webio.tornado.directory", "path_deploy"),
    "path_deploy_http": ("webio.tornado.directory", "path_deploy_http"),
}
_SUBMODULES = ("tornado", "tornado_http", "flask", "django", "aiohttp", "fastapi", "starlette")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'webio.platform' has no attribute {name!r}")
