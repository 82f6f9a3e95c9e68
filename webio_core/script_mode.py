"""Script mode (manual §4.1.3): a plain script that calls webio functions gets a browser page.

Theory of operation
-------------------
The ``webio`` package installs a script-mode factory in ``webio.session.context`` that imports this
module on first use: the first webio call made with no session and no server calls it. The factory starts a Tornado server on a
free local port (or ``WEBIO_SCRIPT_MODE_PORT``) in a daemon thread, prints the URL (and opens a browser tab when it can), then
blocks until a browser connects. That first connection gets a ``ThreadSession`` with no app
function: the script's own thread is bound to it and *is* the app. Any other thread of the script
uses the same session. Later tabs are told that the script is already shown in another tab.

When the tab is closed the session closes, and the next webio call raises
``SessionClosedException`` (a ``SessionException``). When the script ends (after its last
non-daemon thread, through ``atexit``) the session closes, the page shows the closed state, and
the server thread, a daemon, dies with the process.
"""
from __future__ import annotations

import asyncio
import atexit
import logging
import os
import threading
import sys
from pathlib import Path
from typing import Any, Optional

from .platform.browser import open_browser
from .session.base import Session
from .session.info import SessionInfo
from .session.state import CloseReason
from .session.threadbased import ThreadSession
from .session.port import SessionPort
from .transport import WebioEndpoint
from .transport.starter import SessionStarter

logger = logging.getLogger("webio.script_mode")

EXIT_FLUSH_TIMEOUT = 2.0
ANOTHER_TAB_TEXT = ("This script is already shown in another browser tab. "
                    "Close this tab and use the first one, or run the script again.")
ENDED_TEXT = "This script's page was closed, or the script has ended. Run the script again to start over."


def _other_tab() -> None:
    # The app of every tab but the first: say where the script is. (No docstring: the docstring
    # of an app is its page title; _start_server sets it to the script's name.)
    from .session import get_current_session

    script = _script.session
    text = ENDED_TEXT if script is not None and script.closed else ANOTHER_TAB_TEXT
    get_current_session("script mode").send("output", {"type": "text", "content": text,
                                                       "scope": "#webio-scope-ROOT", "position": -1})


class ScriptStarter(SessionStarter):
    """The first tab gets the script's session (the script's thread is its app), others ``_other_tab``."""

    def __call__(self, app_name: Optional[str], info: SessionInfo) -> Optional[SessionPort]:
        session = _script.claim(info)
        if session is None:
            return super().__call__(app_name, info)
        self.registry.add(session)
        session.send("set_session_id", session.id)
        _script.attached.set()
        return session


class ScriptEndpoint(WebioEndpoint):
    """The script's endpoint: the first WebSocket gets the script's session, others ``_other_tab``."""

    starter_type = ScriptStarter


class ScriptRuntime:
    """The one server and the one session of a script."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.session: Optional[ThreadSession] = None
        self.attached = threading.Event()
        self.endpoint: Optional[ScriptEndpoint] = None
        self.server: Any = None
        self.started = False
        self.bound = False

    def claim(self, info: SessionInfo) -> Optional[ThreadSession]:
        """The script's session for the first connecting tab; None for every later tab."""
        with self.lock:
            if self.session is not None:
                return None
            self.session = ThreadSession(None, info)
            return self.session

    def get_session(self) -> Session:
        """The session of the script, starting the server and waiting for a tab on first use."""
        with self.lock:
            start = not self.started
            self.started = True
        if start:
            self._start_server()
        self.attached.wait()
        session = self.session
        assert session is not None
        with self.lock:
            bind, self.bound = not self.bound, True
        if bind:  # the first thread to call is the app thread of the session
            session.bind_current_thread()
        return session

    def _start_server(self) -> None:
        from .tornado import WebioServer, build_application
        from .tornado.handler import WebioRequestHandler

        _other_tab.__doc__ = Path(sys.argv[0] or "webio").name  # the page title, unless config(title=...)
        self.endpoint = ScriptEndpoint(_other_tab, backend="tornado")
        handler = type("ScriptHandler", (WebioRequestHandler,), {"endpoint": self.endpoint})
        endpoints = [self.endpoint]
        self.server = WebioServer(lambda: build_application([(r"/", handler)]), lambda: endpoints,
                                  host="127.0.0.1", port=script_mode_port()).start_in_thread("webio-script-server")
        url = self.server.url.replace("localhost", "127.0.0.1")
        opened = open_browser(url)
        hint = "" if opened else " (open it in your browser)"
        print(f"webio: the script's page is at {url}{hint}", flush=True)
        atexit.register(self.finish)

    def finish(self) -> None:
        """The script ended: close the session, let the page learn it, stop the server."""
        session, endpoint = self.session, self.endpoint
        if session is not None and not session.closed:
            session.close(CloseReason.APP_FINISHED)
        server = self.server
        if server is not None and endpoint is not None and server.loop is not None:
            flushed = asyncio.run_coroutine_threadsafe(endpoint.aclose(EXIT_FLUSH_TIMEOUT), server.loop)
            try:  # let the page learn that the script ended
                flushed.result(EXIT_FLUSH_TIMEOUT + 1)
            except Exception:  # the server's loop is gone already
                pass
        if server is not None:
            server.request_stop()


PORT_VARIABLES = ("WEBIO_SCRIPT_MODE_PORT", "PYWEBIO_SCRIPT_MODE_PORT")


def script_mode_port() -> int:
    """The fixed port from ``WEBIO_SCRIPT_MODE_PORT`` (or PyWebIO's ``PYWEBIO_SCRIPT_MODE_PORT``);
    0 (a free port) when neither is set."""
    for variable in PORT_VARIABLES:
        value = os.environ.get(variable, "").strip()
        if value:
            if not value.isdigit() or not 0 <= int(value) <= 65535:
                raise ValueError(f"{variable}={value!r} is not a port number: set it to a number from 1 to 65535")
            return int(value)
    return 0


_script = ScriptRuntime()


def script_session() -> Session:
    """The script's session, starting the server and waiting for a tab on first use."""
    return _script.get_session()
