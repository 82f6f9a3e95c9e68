"""``webio.pin``: input widgets that stay on the page (manual §4.6).

A pin widget is an output of type ``pin`` whose ``input`` is an input item spec. Its options go to
the browser as indexes, like in forms; the session's ``PinBoard`` keeps the last widget output
under each name so values read back (``pin.name``, ``pin_wait_change``, ``pin_on_change``) map to
the Python option values.

Example::

    put_input('a', type='number', value=0)
    put_input('b', type='number', value=0)
    while True:
        changed = pin_wait_change('a', 'b')
        with use_scope('res', clear=True):
            put_text("a + b = %s" % (pin.a + pin.b))

In an ``async def`` app, reads and waits are awaited: ``await pin.a``, ``await pin_wait_change('a')``.
"""
from __future__ import annotations

import inspect
import logging
import time
import weakref
from typing import Any, Callable, Generator, Optional, Sequence

from .exceptions import RemoteProtocolError, WebioUsageError
from .input.builders import actions_item, choice_item, file_item, slider_item, text_item, textarea_item
from .input.items import STRING_TYPES, TEXT, InputItem, InvalidInput
from .input.updates import encode_update
from .output.base import Output
from .protocol import Event
from .session.base import FlowFactory, Session
from .session.context import get_current_session
from .session.coroutinebased import CoroutineSession
from .session.ids import short_id

__all__ = ["put_input", "put_textarea", "put_select", "put_checkbox", "put_radio", "put_slider", "put_actions",
           "put_file_upload",
           "pin", "pin_wait_change", "pin_update", "pin_on_change", "PinNotFound", "get_pin_values"]

logger = logging.getLogger("webio.pin")
_CALLBACK_OPTIONS = frozenset({"serial_mode", "mutex_mode"})


class PinNotFound(WebioUsageError, AssertionError):
    """Strict mode (``pin.use_strict()``): the pin widget read is not on the page."""


class PinBoard:
    """The pin widgets a session has output, by name, and their change callbacks."""

    def __init__(self) -> None:
        self.widgets: dict[str, InputItem] = {}
        self.callbacks: dict[str, list[str]] = {}
        self.strict = False

    def value(self, name: str, raw: Any) -> Any:
        """The Python value of widget ``name`` for what the browser sent (None if unreadable)."""
        item = self.widgets.get(name)
        if item is None:
            return raw
        try:
            return item.parse(raw)
        except InvalidInput:
            # A pin is read as it stands, as in PyWebIO: text shorter than minlength is still the text.
            return raw if item.type in STRING_TYPES and isinstance(raw, str) else None
        except RemoteProtocolError as exc:
            logger.warning("pin %r: dropped a malformed value from the browser: %s", name, exc)
            return None


_boards: weakref.WeakKeyDictionary[Session, PinBoard] = weakref.WeakKeyDictionary()


def _board(session: Session) -> PinBoard:
    board = _boards.get(session)
    if board is None:
        board = _boards[session] = PinBoard()
    return board


def _check_name(name: Any, function: str) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"{function}() needs the pin name as a non-empty string first, e.g. {function}('city'), got {name!r}")
    return name


# ------------------------------------------------------------------------- widgets
def _put(item: InputItem, function: str, scope: Optional[str], position: int) -> Output:
    session = get_current_session(function)
    _board(session).widgets[str(item.name)] = item
    return Output({"type": "pin", "input": item.wire_spec()}, session, scope=scope, position=position)


def put_input(name: str, type: str = TEXT, *, label: str = "", value: Any = None,  # noqa: A002
              placeholder: Optional[str] = None, readonly: Optional[bool] = None,
              datalist: Optional[Sequence[str]] = None, help_text: Optional[str] = None,
              scope: Optional[str] = None, position: int = -1) -> Output:
    """A text input that stays on the page (types as ``webio.input.input``). Example::

        put_input('search', placeholder='Search')
    """
    item = text_item(label, type, name=_check_name(name, "put_input"), value=value, placeholder=placeholder,
                     readonly=readonly, datalist=datalist, help_text=help_text, function="put_input")
    return _put(item, "put_input", scope, position)


def put_textarea(name: str, *, label: str = "", rows: int = 6, code: Any = None, maxlength: Optional[int] = None,
                 minlength: Optional[int] = None, value: Optional[str] = None, placeholder: Optional[str] = None,
                 readonly: Optional[bool] = None, help_text: Optional[str] = None, scope: Optional[str] = None,
                 position: int = -1) -> Output:
    """A multi-line text input that stays on the page. Example: ``put_textarea('md', rows=10)``."""
    item = textarea_item(label, rows=rows, code=code, maxlength=maxlength, minlength=minlength,
                         name=_check_name(name, "put_textarea"), value=value, placeholder=placeholder,
                         readonly=readonly, help_text=help_text, function="put_textarea")
    return _put(item, "put_textarea", scope, position)


def put_select(name: str, options: Optional[Sequence[Any]] = None, *, label: str = "",
               multiple: Optional[bool] = None, value: Any = None, native: bool = True,
               help_text: Optional[str] = None, scope: Optional[str] = None, position: int = -1) -> Output:
    """A drop-down that stays on the page. Example: ``put_select('size', ['S', 'M', 'L'], value='M')``."""
    item = choice_item("select", label, options, multiple=bool(multiple), value=value, native=native,
                       name=_check_name(name, "put_select"), help_text=help_text, function="put_select")
    return _put(item, "put_select", scope, position)


def put_checkbox(name: str, options: Optional[Sequence[Any]] = None, *, label: str = "",
                 inline: Optional[bool] = None, value: Optional[Sequence[Any]] = None,
                 help_text: Optional[str] = None, scope: Optional[str] = None, position: int = -1) -> Output:
    """Check boxes that stay on the page; reading gives the list of checked values."""
    item = choice_item("checkbox", label, options, multiple=True, value=value, inline=inline,
                       name=_check_name(name, "put_checkbox"), help_text=help_text, function="put_checkbox")
    return _put(item, "put_checkbox", scope, position)


def put_radio(name: str, options: Optional[Sequence[Any]] = None, *, label: str = "", inline: Optional[bool] = None,
              value: Any = None, help_text: Optional[str] = None, scope: Optional[str] = None,
              position: int = -1) -> Output:
    """Radio buttons that stay on the page; reading gives the chosen value or None."""
    item = choice_item("radio", label, options, multiple=False, value=value, inline=inline,
                       name=_check_name(name, "put_radio"), help_text=help_text, function="put_radio")
    return _put(item, "put_radio", scope, position)


def put_slider(name: str, *, label: str = "", value: float = 0, min_value: float = 0, max_value: float = 100,
               step: float = 1, required: Optional[bool] = None, help_text: Optional[str] = None,
               scope: Optional[str] = None, position: int = -1) -> Output:
    """A slider that stays on the page. Example: ``put_slider('volume', value=30)``."""
    item = slider_item(label, name=_check_name(name, "put_slider"), value=value, min_value=min_value,
                       max_value=max_value, step=step, required=required, help_text=help_text, function="put_slider")
    return _put(item, "put_slider", scope, position)


def put_file_upload(name: str, *, label: str = "", accept: Any = None, placeholder: str = "Choose file",
                    multiple: bool = False, max_size: Any = 0, max_total_size: Any = 0, help_text: Optional[str] = None,
                    scope: Optional[str] = None, position: int = -1) -> Output:
    """A file chooser that stays on the page; reading it gives what ``file_upload()`` returns
    (``{'filename', 'content', 'mime_type', 'last_modified'}``, a list with ``multiple=True``, or None).

    Example::

        put_file_upload('doc', accept='.txt', max_size='1M')
        pin_wait_change('doc')
        put_text(pin.doc['filename'])
    """
    item = file_item(label, accept, name=_check_name(name, "put_file_upload"), placeholder=placeholder,
                     multiple=multiple, max_size=max_size, max_total_size=max_total_size, help_text=help_text,
                     function="put_file_upload")
    return _put(item, "put_file_upload", scope, position)


def put_actions(name: str, *, label: str = "", buttons: Optional[Sequence[Any]] = None,
                help_text: Optional[str] = None, scope: Optional[str] = None, position: int = -1) -> Output:
    """Buttons that stay on the page: the pin's value is the value of the last button pressed.

    Only ``submit`` buttons make sense here (nothing is submitted). Example::

        put_actions('op', buttons=['Start', 'Stop'])
        pin_wait_change('op')
    """
    item = actions_item(label, buttons, name=_check_name(name, "put_actions"), help_text=help_text,
                        function="put_actions")
    others = [choice.label for choice in item.choices or [] if choice.type != "submit"]
    if others:
        raise ValueError(f"put_actions() buttons can only be of type 'submit' (there is no form to reset or cancel); "
                         f"remove the type of {others}")
    return _put(item, "put_actions", scope, position)


# ------------------------------------------------------------------------- reading and writing
def _read_flow(session: Session, name: str) -> FlowFactory:
    board = _board(session)

    def flow(task_id: str) -> Generator[Optional[float], Optional[Event], Any]:
        if name in board.widgets:
            session.send("pin_value", {"name": name}, task_id)
            while True:
                event = yield None
                if event is not None and event.name == "js_yield":
                    break
            if isinstance(event.data, dict):
                return board.value(name, event.data.get("value"))
        if board.strict:
            raise PinNotFound(f"no pin widget named {name!r} is on the page: output it first, e.g. put_input({name!r})")
        return None

    return flow


def _read(name: str) -> Any:
    session = get_current_session("pin")
    return session.run_flow(_read_flow(session, _check_name(name, "pin")))


class Pin:
    """``pin.name`` / ``pin['name']`` read a widget's value (``await`` them in an async app);
    ``pin.name = value`` sets it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            # Introspection (pytest's collector, copy, pickle) looks up private names on module
            # globals: it must not read pins or start a session. Use pin['_name'] for such pins.
            raise AttributeError(name)
        return _read(name)

    def __getitem__(self, name: str) -> Any:
        return _read(name)

    def __setattr__(self, name: str, value: Any) -> None:
        pin_update(name, value=value)

    def __setitem__(self, name: str, value: Any) -> None:
        pin_update(name, value=value)

    def use_strict(self, strict: bool = True) -> None:
        """From now on in this session, reading a pin that is not on the page raises ``PinNotFound``
        (an ``AssertionError``) instead of giving None."""
        _board(get_current_session("pin.use_strict")).strict = bool(strict)


pin = Pin()
"""Read and write pin widgets by name: ``pin.city`` or ``pin['city']``; ``pin.city = 'Paris'``."""


def _read_many_flow(session: Session, names: list[str]) -> FlowFactory:
    board = _board(session)

    def flow(task_id: str) -> Generator[Optional[float], Optional[Event], Any]:
        asked = [name for name in names if name in board.widgets]
        for name in asked:  # all questions at once: one round trip for every widget
            session.send("pin_value", {"name": name}, task_id)
        values: dict[str, Any] = {}
        for position in range(len(asked)):
            event = yield None
            while event is None or event.name != "js_yield":
                event = yield None
            if isinstance(event.data, dict):
                # Answers name their widget: a file widget answers once its files are read.
                answered = event.data.get("name")
                name = answered if answered in asked else asked[position]
                values[name] = board.value(name, event.data.get("value"))
        return {name: values[name] for name in asked if name in values}

    return flow


def get_pin_values(names: Sequence[str]) -> Any:
    """The values of several pin widgets in one round trip: ``{name: value}`` for those on the page.

    Example::

        values = get_pin_values(['name', 'age'])   # {'name': 'Ada', 'age': 36}
    """
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"get_pin_values() takes a list of pin names, e.g. get_pin_values(['a', 'b']), got {names!r}")
    checked = [_check_name(name, "get_pin_values") for name in names]
    session = get_current_session("get_pin_values")
    return session.run_flow(_read_many_flow(session, checked))


def pin_update(name: str, **spec: Any) -> None:
    """Change a pin widget: its value, label, options, help_text, … (not type, name, code, multiple).

    Example: ``pin_update('city', options=['Paris', 'Lyon'], value='Lyon')``.
    """
    name = _check_name(name, "pin_update")
    session = get_current_session("pin_update")
    item = _board(session).widgets.get(name)
    if item is None:
        raise ValueError(f"pin_update(): no pin widget named {name!r} was output in this session; "
                         f"output it first, e.g. put_input({name!r})")
    session.send("pin_update", {"name": name, "attributes": encode_update(item, spec, "pin_update")})


# ------------------------------------------------------------------------- changes
def _names(names: Sequence[Any]) -> list[str]:
    flat: list[Any] = []
    for entry in names:
        flat += list(entry) if isinstance(entry, (list, tuple)) else [entry]
    if not flat:
        raise TypeError("pin_wait_change() needs the names of the pins to watch, e.g. pin_wait_change('a', 'b')")
    return [_check_name(name, "pin_wait_change") for name in flat]


def _wait_flow(session: Session, names: list[str], timeout: Optional[float]) -> FlowFactory:
    board = _board(session)

    def flow(task_id: str) -> Generator[Optional[float], Optional[Event], Any]:
        session.send("pin_wait", {"names": names, "timeout": timeout}, task_id)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            event = yield left
            if event is None:
                return None  # the server's own clock decides the timeout
            if event.name != "js_yield":
                continue
            data = event.data
            if data is None:
                return None
            if isinstance(data, dict) and data.get("name") in names:
                return {"name": data["name"], "value": board.value(data["name"], data.get("value"))}
            logger.warning("session %s: dropped a malformed pin_wait answer %r", short_id(session.id), data)

    return flow


def pin_wait_change(*names: Any, timeout: Optional[float] = None) -> Any:
    """Wait until the user changes one of the pins ``names``; ``{'name': …, 'value': …}``, or None
    after ``timeout`` seconds. Changes made by the app (``pin.x = …``, ``pin_update``) do not count.

    In an async app: ``changed = await pin_wait_change('a', 'b')``.
    """
    watched = _names(names)
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise ValueError(f"pin_wait_change() timeout must be a positive number of seconds or None, got {timeout!r}")
    session = get_current_session("pin_wait_change")
    return session.run_flow(_wait_flow(session, watched, None if timeout is None else float(timeout)))


def pin_on_change(name: str, onchange: Optional[Callable[[Any], Any]] = None, clear: bool = False,
                  init_run: bool = False, **callback_options: Any) -> None:
    """Call ``onchange(value)`` each time the user changes pin ``name``.

    ``clear=True`` drops the callbacks bound before; ``init_run=True`` also calls ``onchange``
    once now with the current value. ``callback_options``: ``serial_mode``, ``mutex_mode`` (as for
    ``put_buttons``). Example::

        put_input('name')
        pin_on_change('name', lambda v: toast(f'Hello {v}'))
    """
    name = _check_name(name, "pin_on_change")
    unknown = set(callback_options) - _CALLBACK_OPTIONS
    if unknown:
        raise TypeError(f"pin_on_change() got unknown options {sorted(unknown)}; available: {sorted(_CALLBACK_OPTIONS)}")
    if onchange is not None and not callable(onchange):
        raise TypeError(f"pin_on_change() onchange must be a function taking the new value, got {onchange!r}")
    session = get_current_session("pin_on_change")
    board = _board(session)
    if clear:
        for old_id in board.callbacks.pop(name, []):
            session.unregister_callback(old_id)
    callback_id: Optional[str] = None
    if onchange is not None:
        callback_id = session.register_callback(lambda data: onchange(board.value(name, data)),
                                                **{k: bool(v) for k, v in callback_options.items()})
        board.callbacks.setdefault(name, []).append(callback_id)
    session.send("pin_onchange", {"name": name, "callback_id": callback_id, "clear": bool(clear)})
    if init_run and onchange is not None:
        _init_run(session, name, onchange)


def _init_run(session: Session, name: str, onchange: Callable[[Any], Any]) -> None:
    if not isinstance(session, CoroutineSession):
        onchange(session.run_flow(_read_flow(session, name)))
        return

    async def first_run(_data: Any) -> None:
        result = onchange(await session.run_flow(_read_flow(session, name)))
        if inspect.isawaitable(result):
            await result

    # Run as a one-off callback, so the session counts it as work in progress (an HTTP poll answers
    # only once the first run has shown its output).
    callback_id = session.register_callback(first_run, once=True)
    session.dispatch(Event("callback", callback_id, None))
