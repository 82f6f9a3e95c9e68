"""The test client API: read what the user sees, act as the user, wait for the app.

One API over every driver. A driver (``Transport``) moves text frames: the in-process one talks to
a real session object, the network ones to a running server. ``Client`` blocks (for ordinary
tests); ``AsyncClient`` has the same actions as coroutines (for ``async def`` tests). After each
action the client waits until the app has reacted (``wait=False`` skips that).

Example::

    client = run_app(app)               # or connect("http://127.0.0.1:8080/")
    client.submit({"name": "Ada"})
    assert "Hello, Ada" in client.text
    client.click("Show more")
    assert client.scope("details").text == "…"
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional, Protocol, Sequence

from ..session.ids import short_id
from .browser import Browser, JsAnswers
from .page import actions
from .page.datatable import Datatable, RowId, find_datatable
from .page.errors import AppError, NotFoundError, SessionClosed, WaitTimeout
from .page.form import FileArg, Form
from .page.model import Download, Page, Popup, Script, Toast
from .page.nodes import SCOPE_PREFIX, Container, Node

DEFAULT_TIMEOUT = 5.0


class Transport(Protocol):
    """How a client reaches a session: text frames in, client messages out."""

    def poll(self) -> list[str]:
        """Frames received since the last call (never blocks)."""

    def send(self, texts: list[str]) -> None:
        """Send client messages (may block briefly; the HTTP driver waits for the app's reaction)."""

    def settled(self, browser: Browser) -> bool:
        """True when the app has reacted to everything sent and nothing more is on its way."""

    def wait(self, timeout: float) -> None:
        """Block until something may have changed, or ``timeout`` seconds."""

    async def wait_async(self, timeout: float) -> None:
        """The same, without blocking the event loop."""

    def take_errors(self) -> list[str]:
        """Tracebacks of app errors seen since the last call (in-process driver only)."""

    @property
    def session_closed(self) -> bool:
        """The session is over (the app finished, failed, or the browser left)."""

    def close(self) -> None:
        """The browser leaves the page."""


def _merge(values: Any, named: dict[str, Any]) -> Any:
    if not named:
        return values
    if values is None:
        return named
    if not isinstance(values, dict):
        raise TypeError("pass either a bare value or names=values, not both")
    return {**values, **named}


class PinReader:
    """``client.pin['name']``: the value of a pin widget as the user sees it (labels for options)."""

    def __init__(self, client: ClientBase) -> None:
        self._client = client

    def __getitem__(self, name: str) -> Any:
        item = self._client.page.pin(name)
        if item is None:
            raise NotFoundError(f"no pin widget named {name!r} on the page; pins are {sorted(self._client.page.pins())}")
        return item.display_value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def raw(self, name: str) -> Any:
        """The wire value (option indexes), as ``pin_value`` would answer."""
        item = self._client.page.pin(name)
        return None if item is None else item.wire_value()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._client.page.pin(name) is not None


class ClientBase:
    """Reading the page; shared by the blocking and the async client."""

    def __init__(self, transport: Transport, *, timeout: float = DEFAULT_TIMEOUT, js: JsAnswers = None,
                 raise_app_errors: bool = True) -> None:
        self.transport = transport
        self.browser = Browser(js)
        self.timeout = timeout
        self.raise_app_errors = raise_app_errors
        self.app_errors: list[str] = []
        self._start = time.monotonic()

    # ------------------------------------------------------------------ moving frames
    def _pump(self) -> bool:
        """Apply what arrived, answer what the browser answers by itself; True if anything moved."""
        texts = self.transport.poll()
        now = time.monotonic()
        for text in texts:
            self.browser.receive(text, now)
        self.browser.expire(now)
        had_events = self.browser.has_outgoing
        outgoing = self.browser.take_outgoing()
        if outgoing and not self.transport.session_closed:
            self.transport.send(outgoing)
        self._check_errors()
        return bool(texts) or had_events

    def _check_errors(self) -> None:
        errors = self.transport.take_errors()
        if errors:
            self.app_errors += errors
            if self.raise_app_errors:
                raise AppError("the app raised an exception:\n" + "\n".join(errors))

    def _refresh(self) -> None:
        self._pump()

    def _act(self, events: list[dict[str, Any]]) -> None:
        if self.transport.session_closed and events:
            raise SessionClosed("the session is closed: the page no longer reacts to the user")
        self.browser.queue(events)
        self._pump()

    def _timed_out(self, what: str, timeout: float) -> WaitTimeout:
        text = self.page.text
        shown = text if len(text) < 2000 else "…" + text[-2000:]
        return WaitTimeout(f"{what} within {timeout} s. The page shows:\n{shown}")

    def _next_wait(self, deadline: float) -> float:
        now = time.monotonic()
        wait = min(deadline - now, 0.25)
        pin_deadline = self.browser.next_deadline()
        if pin_deadline is not None:
            wait = min(wait, max(pin_deadline - now, 0.0))
        return max(wait, 0.0)

    # ------------------------------------------------------------------ what the user sees
    @property
    def page(self) -> Page:
        """The page model, after applying every frame that has arrived."""
        self._refresh()
        return self.browser.page

    @property
    def text(self) -> str:
        """All visible text of the page, in order: outputs, then the form, then the popup."""
        return self.page.text

    @property
    def outputs(self) -> list[Node]:
        """Every output on the page (nested ones and the popup's included), in document order."""
        return list(self.page.walk())

    def find(self, type: Optional[str] = None, *, text: Optional[str] = None) -> list[Node]:
        """Outputs of ``type`` (e.g. ``'table'``) whose text contains ``text``."""
        return [node for node in self.outputs
                if (type is None or node.type == type) and (text is None or text in node.text)]

    def scope(self, name: str) -> Container:
        """Scope ``name`` (``use_scope(name)`` / ``put_scope(name)``); ``.text``, ``.nodes``, ``.walk()``."""
        page = self.page
        container = page.container(SCOPE_PREFIX + name)
        if container is None:
            raise NotFoundError(f"no scope {name!r} on the page; scopes are {page.scope_names()}")
        return container

    def has_scope(self, name: str) -> bool:
        return self.page.container(SCOPE_PREFIX + name) is not None

    @property
    def form(self) -> Optional[Form]:
        """The form on screen or None: ``form.labels``, ``form['name'].value``, ``.invalid_feedback``…"""
        return self.page.form

    @property
    def popup(self) -> Optional[Popup]:
        """The popup on screen or None: ``.title``, ``.text``, ``.outputs``."""
        return self.page.popup

    @property
    def toasts(self) -> list[Toast]:
        """Every toast shown so far, in order (``.content``, ``.color``, ``.closed``)."""
        return list(self.page.toasts)

    @property
    def downloads(self) -> list[Download]:
        """Files the browser saved (``download()`` and clicked ``put_file`` links): ``.name``, ``.content``."""
        return list(self.page.downloads)

    @property
    def scripts(self) -> list[Script]:
        """Every ``run_js`` / ``eval_js`` the app ran: ``.code``, ``.args``, ``.eval``, ``.result``."""
        return list(self.page.scripts)

    @property
    def env(self) -> dict[str, Any]:
        """Settings from ``set_env`` (``title``, ``output_animation``, …)."""
        return dict(self.page.env)

    @property
    def navigations(self) -> list[actions.Navigation]:
        """Links the user followed (``url`` or ``app``)."""
        return list(self.browser.navigations)

    @property
    def pin(self) -> PinReader:
        """Pin widget values: ``client.pin['name']``."""
        return PinReader(self)

    @property
    def closed(self) -> bool:
        """True once the server closed the session (``close_session``) or the browser left."""
        self._refresh()
        return self.browser.page.closed or self.transport.session_closed

    @property
    def session_id(self) -> Optional[str]:
        return self.browser.page.session_id

    @property
    def console(self) -> list[str]:
        """What the browser would have logged (outputs to missing scopes, unknown commands)."""
        return list(self.page.console)

    def datatable(self, instance_id: str) -> Datatable:
        """The ``put_datatable`` of this ``instance_id``: ``.rows``, ``.ids``, ``.column(key)``, ``.headers``."""
        return find_datatable(self.page, instance_id)

    def answer_js(self, js: JsAnswers) -> None:
        """How to answer ``eval_js``: a function ``(code, args) -> value`` or a dict ``{code: value}``."""
        self.browser.answer_js(js)

    def close_popup(self) -> None:
        """The user closes the popup with its × button (no event is sent)."""
        popup = self.page.popup
        if popup is None:
            raise NotFoundError("no popup is open")
        if not popup.closable:
            raise NotFoundError("the popup has no close button (closable=False); the app must close it")
        self.browser.page.popup = None

    def __repr__(self) -> str:
        state = "closed" if self.browser.page.closed else "open"
        return f"<{type(self).__name__} {state} session={self.session_id and short_id(self.session_id)}>"


class Client(ClientBase):
    """The blocking client: each action waits (``timeout`` s at most) until the app has reacted."""

    def __init__(self, transport: Transport, *, timeout: float = DEFAULT_TIMEOUT, js: JsAnswers = None,
                 raise_app_errors: bool = True, wait: bool = True) -> None:
        super().__init__(transport, timeout=timeout, js=js, raise_app_errors=raise_app_errors)
        self.auto_wait = wait

    # ------------------------------------------------------------------ waiting
    def wait_idle(self, timeout: Optional[float] = None) -> Client:
        """Wait until the app waits for the user again (or finished); returns the client."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            moved = self._pump()
            if moved:
                continue  # frames arrived: look again at once before waiting for a change
            if self.transport.settled(self.browser):
                return self
            if time.monotonic() >= deadline:
                raise self._timed_out("the app did not become idle", limit)
            self.transport.wait(self._next_wait(deadline))

    def wait_until(self, predicate: Callable[[Client], Any], timeout: Optional[float] = None) -> Any:
        """Wait until ``predicate(client)`` is truthy; return its value."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            self._pump()
            result = predicate(self)
            if result:
                return result
            if time.monotonic() >= deadline:
                raise self._timed_out("the condition did not come true", limit)
            self.transport.wait(self._next_wait(deadline))

    def wait_closed(self, timeout: Optional[float] = None) -> None:
        """Wait until the session is over."""
        self.wait_until(lambda c: c.closed, timeout)

    def _done(self, events: list[dict[str, Any]], wait: Optional[bool]) -> Client:
        self._act(events)
        if self.auto_wait if wait is None else wait:
            self.wait_idle()
        return self

    # ------------------------------------------------------------------ acting
    def fill(self, values: Any = None, *, wait: Optional[bool] = None, **named: Any) -> Client:
        """Type into the form: ``fill(name='Ada', age=36)`` or ``fill({'Your name': 'Ada'})`` (names or
        labels); options by label (or index as an int); a bare value fills a one-input form."""
        return self._done(actions.fill(self.page, _merge(values, named)), wait)

    def fill_input(self, name: str, value: Any, *, wait: Optional[bool] = None) -> Client:
        """Type into one input (``fill`` for names that are not Python identifiers)."""
        return self._done(actions.fill(self.page, {name: value}), wait)

    change = fill_input

    def blur(self, name: str, value: Any = None, *, wait: Optional[bool] = None) -> Client:
        """Leave input ``name`` (after typing ``value`` into it, if given)."""
        events = actions.fill(self.page, {name: value}) if value is not None else []
        return self._done(events + actions.blur(self.page, name), wait)

    def upload(self, name: str, files: Sequence[FileArg], *, submit: bool = False,
               wait: Optional[bool] = None) -> Client:
        """Choose files for file input ``name``: ``[('a.txt', b'...'), ...]``; ``submit=True`` sends the form."""
        actions.upload(self.page, name, files)
        return self.submit(wait=wait) if submit else self

    def submit(self, values: Any = None, *, wait: Optional[bool] = None, **named: Any) -> Client:
        """Submit the form (after filling ``values`` as ``fill`` does): ``submit('Ada')``, ``submit(age=36)``."""
        return self._done(actions.submit(self.page, _merge(values, named)), wait)

    def reset(self) -> Client:
        """The form's Reset button: values back to their initial state (nothing is sent)."""
        actions.reset(self.page)
        return self

    def cancel(self, *, wait: Optional[bool] = None) -> Client:
        """The form's Cancel button (the form must be cancelable)."""
        return self._done(actions.cancel(self.page), wait)

    def press(self, label: str, *, wait: Optional[bool] = None) -> Client:
        """Press a button of the form: an ``actions`` button or an input's ``action`` button."""
        return self._done(actions.press(self.page, label), wait)

    def click(self, label: str, *, scope: Optional[str] = None, wait: Optional[bool] = None) -> Client:
        """Click what is labelled ``label``: a button, a clickable output, a toast, a link, a file, a tab…"""
        return self._done(actions.click(self.page, label, scope, self.browser.navigations), wait)

    def set_pin(self, name: str, value: Any, *, wait: Optional[bool] = None) -> Client:
        """The user changes pin widget ``name`` (fires ``pin_wait_change`` and ``pin_on_change``)."""
        return self._done(actions.set_pin(self.page, name, value), wait)

    def select_rows(self, instance_id: str, row_ids: RowId | list[RowId], *, wait: Optional[bool] = None) -> Client:
        """Select datatable rows by id (a list with ``multiple_select``): ``onselect`` runs, actions apply to them."""
        return self._done(find_datatable(self.page, instance_id).select(row_ids), wait)

    def close(self) -> None:
        """The browser leaves: the session closes (deferred calls run)."""
        self.transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncClient(ClientBase):
    """The client for ``async def`` tests: the same actions, as coroutines."""

    def __init__(self, transport: Transport, *, timeout: float = DEFAULT_TIMEOUT, js: JsAnswers = None,
                 raise_app_errors: bool = True, wait: bool = True) -> None:
        super().__init__(transport, timeout=timeout, js=js, raise_app_errors=raise_app_errors)
        self.auto_wait = wait

    async def wait_idle(self, timeout: Optional[float] = None) -> AsyncClient:
        """Wait until the app waits for the user again (or finished)."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            moved = self._pump()
            if moved:
                continue
            if self.transport.settled(self.browser):
                return self
            if time.monotonic() >= deadline:
                raise self._timed_out("the app did not become idle", limit)
            await self.transport.wait_async(self._next_wait(deadline))

    async def wait_until(self, predicate: Callable[[AsyncClient], Any], timeout: Optional[float] = None) -> Any:
        """Wait until ``predicate(client)`` is truthy; return its value."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            self._pump()
            result = predicate(self)
            if result:
                return result
            if time.monotonic() >= deadline:
                raise self._timed_out("the condition did not come true", limit)
            await self.transport.wait_async(self._next_wait(deadline))

    async def wait_closed(self, timeout: Optional[float] = None) -> None:
        """Wait until the session has closed (the app returned or closed it)."""
        await self.wait_until(lambda c: c.closed, timeout)

    async def _done(self, events: list[dict[str, Any]], wait: Optional[bool]) -> AsyncClient:
        self._act(events)
        if self.auto_wait if wait is None else wait:
            await self.wait_idle()
        return self

    async def fill(self, values: Any = None, *, wait: Optional[bool] = None, **named: Any) -> AsyncClient:
        """Type values into the form on screen (``name=value``) without submitting it."""
        return await self._done(actions.fill(self.page, _merge(values, named)), wait)

    async def fill_input(self, name: str, value: Any, *, wait: Optional[bool] = None) -> AsyncClient:
        """Type ``value`` into the input ``name`` (as the user does before leaving it)."""
        return await self._done(actions.fill(self.page, {name: value}), wait)

    change = fill_input

    async def blur(self, name: str, value: Any = None, *, wait: Optional[bool] = None) -> AsyncClient:
        """Leave the input ``name`` (after typing ``value`` if given): its ``onblur`` check runs."""
        events = actions.fill(self.page, {name: value}) if value is not None else []
        return await self._done(events + actions.blur(self.page, name), wait)

    async def upload(self, name: str, files: Sequence[FileArg], *, submit: bool = False,
                     wait: Optional[bool] = None) -> AsyncClient:
        """Choose files for the file input ``name``; ``submit=True`` also submits the form."""
        actions.upload(self.page, name, files)
        return await self.submit(wait=wait) if submit else self

    async def submit(self, values: Any = None, *, wait: Optional[bool] = None, **named: Any) -> AsyncClient:
        """Fill the form with the values given and submit it."""
        return await self._done(actions.submit(self.page, _merge(values, named)), wait)

    def reset(self) -> AsyncClient:
        """Press the form's reset button: every input returns to its initial value."""
        actions.reset(self.page)
        return self

    async def cancel(self, *, wait: Optional[bool] = None) -> AsyncClient:
        """Press the form's cancel button (``input_group(cancelable=True)``)."""
        return await self._done(actions.cancel(self.page), wait)

    async def press(self, label: str, *, wait: Optional[bool] = None) -> AsyncClient:
        """Press the ``actions()`` button labelled ``label``."""
        return await self._done(actions.press(self.page, label), wait)

    async def click(self, label: str, *, scope: Optional[str] = None, wait: Optional[bool] = None) -> AsyncClient:
        """Click the button or link labelled ``label`` on the page (optionally inside ``scope``)."""
        return await self._done(actions.click(self.page, label, scope, self.browser.navigations), wait)

    async def set_pin(self, name: str, value: Any, *, wait: Optional[bool] = None) -> AsyncClient:
        """Change the pin widget ``name`` to ``value`` as the user would."""
        return await self._done(actions.set_pin(self.page, name, value), wait)

    async def select_rows(self, instance_id: str, row_ids: RowId | list[RowId], *,
                          wait: Optional[bool] = None) -> AsyncClient:
        return await self._done(find_datatable(self.page, instance_id).select(row_ids), wait)

    def close(self) -> None:
        """The browser leaves: the session closes (deferred calls run)."""
        self.transport.close()

    async def __aenter__(self) -> AsyncClient:
        return await self.wait_idle()

    async def __aexit__(self, *exc: Any) -> None:
        self.close()
