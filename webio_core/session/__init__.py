"""``webio.session``: more control over the current session (manual §4.4).

Example::

    from webio.session import local, defer_call, eval_js

    def app():
        local.visits = (local.visits or 0) + 1
        defer_call(lambda: print("tab closed"))
        url = eval_js("window.location.href")
"""
from __future__ import annotations

import asyncio
import base64
import inspect
import threading
import warnings
from typing import Any, Callable, Coroutine, Optional, TypeVar

from ..exceptions import SessionClosedException, SessionException, SessionNotFoundException
from ..protocol import Event
from .base import Session
from .context import get_current_session, peek_current_session
from .coroutinebased import CoroutineSession, TaskHandler, run_event_loop
from .info import SessionInfo
from .local import SessionLocal
from .threadbased import ThreadSession

__all__ = [
    "download", "run_js", "eval_js", "register_thread", "defer_call", "local", "set_env", "go_app",
    "info", "hold", "run_async", "run_asyncio_coroutine", "get_current_session", "Session",
    "ThreadSession", "CoroutineSession", "TaskHandler", "SessionException", "SessionClosedException",
    "SessionNotFoundException", "run_event_loop", "data", "get_info", "output_room",
]

F = TypeVar("F", bound=Callable[..., Any])

ENV_KEYS = {
    "title": str, "output_animation": bool, "auto_scroll_bottom": bool, "http_pull_interval": int,
    "input_panel_fixed": bool, "input_panel_min_height": int, "input_panel_init_height": int,
    "input_auto_focus": bool, "output_max_width": str,
}


def download(name: str, content: bytes) -> None:
    """Make the browser save ``content`` (bytes) as the file ``name``."""
    if isinstance(content, str):
        raise TypeError("download() takes the file content as bytes: use content.encode() for text")
    get_current_session("download").send(
        "download", {"name": str(name), "content": base64.b64encode(bytes(content)).decode("ascii")}
    )


def run_js(code_: str, **args: Any) -> None:
    """Run JavaScript ``code_`` in the browser; ``args`` become local variables of the code."""
    get_current_session("run_js").send("run_script", {"code": code_, "args": args, "eval": False})


def _eval_flow(session: Session, expression: str, args: dict[str, Any]) -> Callable[[str], Any]:
    def flow(task_id: str) -> Any:
        session.send("run_script", {"code": expression, "args": args, "eval": True}, task_id)
        while True:
            event: Optional[Event] = yield None
            if event is not None and event.name == "js_yield":
                return event.data

    return flow


def eval_js(expression_: str, **args: Any) -> Any:
    """The value of a JavaScript expression in the browser (a promise is awaited; rejected → None).

    In a coroutine session, ``await eval_js(...)``. Example: ``eval_js("window.innerWidth")``.
    """
    session = get_current_session("eval_js")
    return session.run_flow(_eval_flow(session, expression_, args))


def register_thread(thread: threading.Thread) -> None:
    """Let a thread you started call webio functions for the current session."""
    session = get_current_session("register_thread")
    if not isinstance(session, ThreadSession):
        raise SessionException(
            "register_thread() is only for thread-based sessions; in an async app use run_async(coro) instead"
        )
    session.register_thread(thread)


def defer_call(func: F) -> F:
    """Call ``func`` when the session closes (also usable as a decorator)."""
    get_current_session("defer_call").defer_call(func)
    return func


class _SessionAttributeProxy:
    """Forwards attribute access to an attribute of the current session."""

    def __init__(self, attribute: str) -> None:
        object.__setattr__(self, "_attribute", attribute)

    def _target(self) -> Any:
        return getattr(get_current_session(self._attribute), self._attribute)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") and name != "_dict":
            # Private and dunder names are introspection (pytest's collector looks for its fixture
            # markers, copy and pickle for their hooks): never start a session for them.
            raise AttributeError(name)
        return getattr(self._target(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._target(), name)

    def __getitem__(self, key: Any) -> Any:
        return self._target()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._target()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._target()[key]

    def __contains__(self, key: Any) -> bool:
        return key in self._target()

    def __iter__(self) -> Any:
        return iter(self._target())

    def __repr__(self) -> str:
        session = peek_current_session()  # printing must not start script mode
        if session is None:
            return f"<webio.session.{self._attribute} (no current session)>"
        return repr(getattr(session, self._attribute))


local: SessionLocal = _SessionAttributeProxy("local")  # type: ignore[assignment]
info: SessionInfo = _SessionAttributeProxy("info")  # type: ignore[assignment]


def data() -> SessionLocal:
    """Deprecated (PyWebIO 1.1): the session-local object; use ``webio.session.local``."""
    warnings.warn("webio.session.data() is deprecated: use webio.session.local instead",
                  DeprecationWarning, stacklevel=2)
    return local


def get_info() -> SessionInfo:
    """Deprecated (PyWebIO 1.2): the session's information; use ``webio.session.info``."""
    warnings.warn("webio.session.get_info() is deprecated: use webio.session.info instead",
                  DeprecationWarning, stacklevel=2)
    return info


def set_env(**env_info: Any) -> None:
    """Configure the page of the current session (title, output_animation, auto_scroll_bottom, …)."""
    unknown = sorted(set(env_info) - set(ENV_KEYS))
    if unknown:
        raise TypeError(f"set_env() got unknown settings {unknown}; available: {sorted(ENV_KEYS)}")
    session = get_current_session("set_env")
    session.env.update(env_info)
    session.send("set_env", env_info)


def go_app(name: str, new_window: bool = True) -> None:
    """Open another app of the same server (``?app=name``), in a new window by default."""
    run_js(
        "var url = new URL(window.location.href); url.search = '?app=' + encodeURIComponent(name);"
        "if (new_window) { window.open(url.href); } else { window.location.href = url.href; }",
        name=name, new_window=new_window,
    )


def hold() -> Any:
    """Keep the session until the browser page is closed (``await hold()`` in an async app).

    Server mode does this by itself while callbacks exist; in script mode it keeps the script alive.
    """
    return get_current_session("hold").hold()


def output_room() -> Any:
    """Wait until the browser has read enough output for the app to go on (``await output_room()``).

    A thread app never needs it: its output calls wait by themselves once the browser lags
    ``max_buffered_output`` behind. A coroutine app that outputs in a loop without awaiting inputs
    awaits it between batches, e.g. ``for row in rows: put_text(row); await output_room()``.
    """
    return get_current_session("output_room").output_room()


def run_async(coro_obj: Coroutine[Any, Any, Any]) -> TaskHandler:
    """Run a coroutine in the background of the current coroutine session; returns its handle."""
    session = get_current_session("run_async")
    if not isinstance(session, CoroutineSession):
        if inspect.iscoroutine(coro_obj):
            coro_obj.close()
        raise SessionException(
            "run_async() is only for coroutine-based sessions (an 'async def' app); "
            "in a thread-based app start a threading.Thread and call register_thread(thread)"
        )
    return session.run_async(coro_obj)


async def _await(coro_obj: Any) -> Any:
    return await coro_obj


def run_asyncio_coroutine(coro_obj: Coroutine[Any, Any, Any]) -> Any:
    """Await an asyncio coroutine from a coroutine session (``await run_asyncio_coroutine(c)``).

    Sessions of webio run on a real asyncio loop, so plain ``await c`` works too; this exists for
    apps written against PyWebIO.
    """
    session = get_current_session("run_asyncio_coroutine")
    if not isinstance(session, CoroutineSession):
        if inspect.iscoroutine(coro_obj):
            coro_obj.close()
        raise SessionException("run_asyncio_coroutine() is only for coroutine-based sessions (an 'async def' app)")
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is session.loop:
        return _await(coro_obj)
    return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro_obj, session.loop))
