"""webio: write an ordinary blocking Python script, get a web app.

Example::

    from webio.input import input
    from webio.output import put_text
    import webio

    def main():
        name = input("What's your name?")
        put_text("Hello,", name)

    webio.start_server(main, port=8080)
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional, Sequence, Union

from .protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as _DEFAULT_PAYLOAD
from . import config as _config_module
from . import input, output, pin, session  # noqa: A004  (module names of the documented API)
from .config import config
from .exceptions import SessionClosedException, SessionException, SessionNotFoundException
from .version import __version__
from .charts.bokeh import watch_bokeh_import as _watch_bokeh_import

__all__ = ["input", "output", "session", "pin", "platform", "config", "start_server", "STATIC_PATH",
           "SessionException", "SessionClosedException", "SessionNotFoundException", "__version__",
           "path_deploy", "path_deploy_http", "enable_debug"]


def start_server(applications: Any, port: int = 0, host: str = "", debug: bool = False,
                 cdn: Union[bool, str] = False, static_dir: Optional[str] = None, remote_access: bool = False,
                 reconnect_timeout: float = 0, allowed_origins: Optional[Sequence[str]] = None,
                 check_origin: Optional[Callable[[str], bool]] = None, auto_open_webbrowser: bool = False,
                 max_payload_size: Union[int, str] = _DEFAULT_PAYLOAD, **kwargs: Any) -> None:
    """Serve the app(s) with the built-in default server (Tornado, WebSocket transport;
    ``transport='http'`` for HTTP long polling). Example: ``start_server(main, 8080, debug=True)``.

    See ``webio.tornado.start_server`` for every option.
    """
    from .tornado import start_server as tornado_start_server

    tornado_start_server(applications, port=port, host=host, debug=debug, cdn=cdn, static_dir=static_dir,
                         remote_access=remote_access, reconnect_timeout=reconnect_timeout,
                         allowed_origins=allowed_origins, check_origin=check_origin,
                         auto_open_webbrowser=auto_open_webbrowser, max_payload_size=max_payload_size, **kwargs)


def enable_debug(level: int = logging.DEBUG) -> None:
    """Log webio's (and Tornado's) inner workings to stderr. Example: ``webio.enable_debug()``."""
    logging.basicConfig(format="[%(levelname)s %(asctime)s %(name)s] %(message)s")
    for name in ("webio", "tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).setLevel(level)


def _script_mode_session() -> session.Session:
    """Script mode's session (a plain script called a webio function): loaded on first use only."""
    from .script_mode import script_session

    return script_session()


session.context.set_script_mode_factory(_script_mode_session)


def __getattr__(name: str) -> Any:
    if name == "STATIC_PATH":
        from .static import STATIC_PATH

        return STATIC_PATH
    if name in ("path_deploy", "path_deploy_http"):
        from .tornado import directory

        return getattr(directory, name)
    if name == "platform":
        import importlib

        return importlib.import_module(".platform", __name__)
    raise AttributeError(f"module 'webio' has no attribute {name!r}")


del _config_module
_watch_bokeh_import()  # bokeh's output_notebook(notebook_type='webio' / 'pywebio')
