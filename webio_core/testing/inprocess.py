"""The in-process driver: a real ``ThreadSession`` / ``CoroutineSession``, no network.

Frames are taken from the session as a transport would (``take_frame``) and parsed as JSON; events
go through ``decode_client_message`` and ``session.receive``, the path a real server uses. The
client knows the app has reacted from the session's idle accounting (``session.is_idle``) and its
listeners. App exceptions (logged by the engine) are collected and raised in the test as
``AppError``.

An ``async def`` app runs as a coroutine session: on the test's event loop when the client is
created inside one (``AsyncAppClient`` in an async test), else on webio's background loop.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from typing import Any, Callable, Optional

from ..protocol import ClientMessage, decode_client_message
from ..session.base import Session
from ..session.coroutinebased import CoroutineSession, background_loop
from ..session.ids import short_id
from ..session.info import SessionInfo
from ..session.registry import SessionRegistry
from ..session.state import CloseReason
from ..session.threadbased import ThreadSession
from ..transport.apps import make_applications
from .browser import Browser, JsAnswers
from .client import DEFAULT_TIMEOUT, AsyncClient, Client
from .page.errors import NotFoundError

TEST_USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/120.0.0.0 Safari/537.36")


def test_session_info(**overrides: Any) -> SessionInfo:
    """Session info of a desktop Chrome on localhost; override any attribute by keyword."""
    info = SessionInfo.from_headers(
        {"User-Agent": TEST_USER_AGENT, "Accept-Language": "en-US,en;q=0.9", "Host": "testserver"},
        user_ip="127.0.0.1", backend="testing", protocol="websocket",
    )
    for key, value in overrides.items():
        setattr(info, key, value)
    return info


test_session_info.__test__ = False  # type: ignore[attr-defined]


class _ErrorCollector(logging.Handler):
    """Keeps the tracebacks the engine logs for one session."""

    def __init__(self, session_id: str) -> None:
        super().__init__(logging.ERROR)
        self._tag = short_id(session_id)
        self._errors: list[str] = []
        self._errors_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and record.args[0] == self._tag and record.exc_info:
            text = record.getMessage() + "\n" + logging.Formatter().formatException(record.exc_info)
            with self._errors_lock:
                self._errors.append(text)

    def take(self) -> list[str]:
        with self._errors_lock:
            errors, self._errors = self._errors, []
        return errors


class InProcessTransport:
    """Connects a client to a session object of this process."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cond = threading.Condition()
        self._changed = False
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._event: Optional[asyncio.Event] = None
        self._errors = _ErrorCollector(session.id)
        logging.getLogger("webio.session").addHandler(self._errors)
        session.add_listener(self._wake)

    def _wake(self) -> None:
        with self._cond:
            self._changed = True
            self._cond.notify_all()
        loop, event = self._loop, self._event
        if loop is not None and event is not None:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # the test's loop is closed
                pass

    def poll(self) -> list[str]:
        texts: list[str] = []
        while True:
            frame = self.session.take_frame()
            if frame is None:
                if texts:  # applied at once, as the browser does: the session may forget them
                    self.session.receive(ClientMessage(None, None, self.session.last_frame_seq))
                return texts
            texts.append(frame.text)

    def send(self, texts: list[str]) -> None:
        for text in texts:
            self.session.receive(decode_client_message(text))

    def settled(self, browser: Browser) -> bool:
        session = self.session
        return bool(session.closed) or (session.is_idle and not session.has_pending_output)

    def wait(self, timeout: float) -> None:
        with self._cond:
            if not self._changed:
                self._cond.wait(timeout)
            self._changed = False

    async def wait_async(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        if self._event is None or self._loop is not loop:
            self._loop, self._event = loop, asyncio.Event()
        if not self._changed:
            try:
                await asyncio.wait_for(self._event.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        self._event.clear()
        self._changed = False

    def take_errors(self) -> list[str]:
        return self._errors.take()

    @property
    def session_closed(self) -> bool:
        return bool(self.session.closed)

    def close(self, timeout: float = 5.0) -> None:
        """The browser leaves; returns once the session has closed (its deferred calls ran)."""
        self.session.close(CloseReason.BROWSER_LEFT)  # a coroutine session closes on its own loop
        with self._cond:
            self._cond.wait_for(lambda: self.session.closed, timeout)
        self.session.remove_listener(self._wake)
        logging.getLogger("webio.session").removeHandler(self._errors)


def start_session(app: Any, *, app_name: Optional[str] = None, info: Optional[SessionInfo] = None,
                  registry: Optional[SessionRegistry] = None, debug: bool = True,
                  loop: Optional[asyncio.AbstractEventLoop] = None) -> tuple[Session, InProcessTransport]:
    """Create and start the session of one app (a function, a list or a dict of apps, as for servers)."""
    apps = make_applications(app)
    name = apps.resolve(app_name)
    if name is None:
        raise NotFoundError(f"no app named {app_name!r}; apps are {sorted(apps.names)}")
    func: Callable[..., Any] = apps.get(name)
    info = info or test_session_info()
    session: Session
    if inspect.iscoroutinefunction(func):
        session = CoroutineSession(func, info, loop=loop or background_loop(), debug=debug)
    else:
        session = ThreadSession(func, info, debug=debug)
    if registry is not None:
        registry.add(session)
    session.send("set_session_id", session.id)
    transport = InProcessTransport(session)
    session.start()
    return session, transport


class AppClient(Client):
    """Runs ``app`` in a real session of this process and drives it like a browser.

    ``app`` is an app function (plain or ``async def``) or, as for ``start_server``, a list or
    dict of them (``app_name`` picks one; links to other apps open new clients via ``open_app``).

    Example::

        def app():
            name = input("Your name")
            put_text(f"Hello, {name}")

        client = AppClient(app)
        client.submit({"name": "Ada"})        # or: client.fill(name="Ada"); client.submit()
        assert "Hello, Ada" in client.text
        client.close()
    """

    def __init__(self, app: Any, *, app_name: Optional[str] = None, info: Optional[SessionInfo] = None,
                 timeout: float = DEFAULT_TIMEOUT, js: JsAnswers = None, registry: Optional[SessionRegistry] = None,
                 raise_app_errors: bool = True, wait: bool = True, debug: bool = True) -> None:
        self.apps = app
        self.session, transport = start_session(app, app_name=app_name, info=info, registry=registry, debug=debug)
        super().__init__(transport, timeout=timeout, js=js, raise_app_errors=raise_app_errors, wait=wait)
        if wait:
            self.wait_idle()

    def open_app(self, name: str, **options: Any) -> AppClient:
        """A new client (a new tab) running app ``name`` of the same apps (e.g. after a link to it)."""
        return AppClient(self.apps, app_name=name, **options)


class AsyncAppClient(AsyncClient):
    """``AppClient`` for ``async def`` tests; an async app runs on the test's own event loop.

    Example::

        async def test_hello():
            async with AsyncAppClient(app) as client:
                await client.submit({"name": "Ada"})
                assert "Hello, Ada" in client.text
    """

    def __init__(self, app: Any, *, app_name: Optional[str] = None, info: Optional[SessionInfo] = None,
                 timeout: float = DEFAULT_TIMEOUT, js: JsAnswers = None, registry: Optional[SessionRegistry] = None,
                 raise_app_errors: bool = True, wait: bool = True, debug: bool = True) -> None:
        try:
            loop: Optional[asyncio.AbstractEventLoop] = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        self.apps = app
        self.session, transport = start_session(app, app_name=app_name, info=info, registry=registry,
                                                debug=debug, loop=loop)
        super().__init__(transport, timeout=timeout, js=js, raise_app_errors=raise_app_errors, wait=wait)


def run_app(app: Any, **options: Any) -> AppClient:
    """Start ``app`` in-process and return its client, after the app's first step (see ``AppClient``)."""
    return AppClient(app, **options)


async def run_app_async(app: Any, **options: Any) -> AsyncAppClient:
    """Start ``app`` in-process on the running loop; returns its client after the app's first step."""
    client = AsyncAppClient(app, **options)
    if options.get("wait", True):
        await client.wait_idle()
    return client
