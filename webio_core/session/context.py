"""Which session is current: a context variable (set for the app, its callbacks and its asyncio
tasks), then the threads the app registered, then script mode (a script calling webio functions
with no server starts one on first use). Script mode lives on the top floor (it starts a server):
the ``webio`` package installs its factory here with ``set_script_mode_factory``."""
from __future__ import annotations

import threading
import weakref
from contextvars import ContextVar
from typing import TYPE_CHECKING, Callable, Optional

from ..exceptions import SessionNotFoundException

if TYPE_CHECKING:
    from .base import Session

current_session_var: ContextVar[Optional[Session]] = ContextVar("webio_session", default=None)
_thread_sessions: weakref.WeakKeyDictionary[threading.Thread, Session] = weakref.WeakKeyDictionary()
_script_mode_factory: Optional[Callable[[], Session]] = None
server_mode = False

NO_SESSION_MESSAGE = (
    "{name}() called outside a session: webio functions run only inside an app function started by "
    "webio.start_server() or a framework plugin (or in a plain script, before any server is started). "
    "In a thread you start yourself, call webio.session.register_thread(thread) before thread.start()."
)


def bind_thread(thread: threading.Thread, session: Session) -> None:
    _thread_sessions[thread] = session


def unbind_thread(thread: threading.Thread) -> None:
    _thread_sessions.pop(thread, None)


def set_script_mode_factory(factory: Optional[Callable[[], Session]]) -> None:
    """Install the function that starts script mode (done by the default server on import)."""
    global _script_mode_factory
    _script_mode_factory = factory


def enter_server_mode() -> None:
    """Called by every server: from now on, no script mode."""
    global server_mode
    server_mode = True


def get_current_session(name: str = "this function") -> Session:
    """The current session, or ``SessionNotFoundException`` saying how to get one."""
    session = current_session_var.get()
    if session is not None:
        return session
    session = _thread_sessions.get(threading.current_thread())
    if session is not None:
        return session
    if not server_mode and _script_mode_factory is not None:
        return _script_mode_factory()
    raise SessionNotFoundException(NO_SESSION_MESSAGE.format(name=name))


def peek_current_session() -> Optional[Session]:
    """The current session if there is one, without starting script mode."""
    session = current_session_var.get()
    if session is None:
        session = _thread_sessions.get(threading.current_thread())
    return session
