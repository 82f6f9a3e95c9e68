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

from typing import Any

from . import config as _config_module
from . import input, output, pin, session  # noqa: A004  (module names of the documented API)
from .config import config
from .exceptions import SessionClosedException, SessionException, SessionNotFoundException
from .version import __version__
from .charts.bokeh import watch_bokeh_import as _watch_bokeh_import

__all__ = ["input", "output", "session", "pin", "platform", "config", "start_server", "STATIC_PATH",
           "SessionException", "SessionClosedException", "SessionNotFoundException", "__version__"]


def start_server(applications: Any, port: int = 0, host: str = "", **kwargs: Any) -> None:
    """Serve the app(s) with the built-in default server (Tornado, WebSocket transport;
    ``transport='http'`` for HTTP long polling).

    See ``webio.tornado.start_server`` for every option.
    """
    from .tornado import start_server as tornado_start_server

    tornado_start_server(applications, port=port, host=host, **kwargs)


def _script_mode_session() -> session.Session:
    """Script mode's session (a plain script called a webio function): loaded on first use only."""
    from .script_mode import script_session

    return script_session()


session.context.set_script_mode_factory(_script_mode_session)


def __getattr__(name: str) -> Any:
    if name == "STATIC_PATH":
        from .static import STATIC_PATH

        return STATIC_PATH
    if name == "platform":
        import importlib

        return importlib.import_module(".platform", __name__)
    raise AttributeError(f"module 'webio' has no attribute {name!r}")


del _config_module
_watch_bokeh_import()  # bokeh's output_notebook(notebook_type='webio' / 'pywebio')
