"""The form flow: show a form, react to the browser until it is submitted or cancelled.

Written once as a flow (see ``Session.run_flow``), so it blocks in thread sessions and is awaited
in coroutine sessions:

1. send ``input_group`` (items with option indexes; action buttons registered as callbacks);
2. ``input_event`` ``blur``: run the item's ``validate`` and show the verdict under it;
   ``input_event`` ``change``: call the item's ``onchange`` (``input_update`` works inside);
3. ``from_submit``: read every value (index → option value, numbers, files with server-side size
   limits), check ``required``, each ``validate``, then the group's ``validate``; on any error send
   ``update_input`` with ``valid_status: false`` and keep waiting;
4. success or ``from_cancel``: send ``destroy_form`` and return the values (or None).

Browser messages that break the protocol (unknown option index, malformed file) are logged and
dropped; the form stays open.
"""
from __future__ import annotations

import inspect
import logging
from typing import Any, Callable, Generator, Optional

from ..exceptions import RemoteProtocolError, SessionClosedException, SessionException
from ..protocol import Event
from ..session.base import FlowFactory, Session
from ..session.coroutinebased import CoroutineSession
from .files import upload_check
from ..session.ids import short_id
from .form import FormState
from .items import InputItem, InvalidInput

logger = logging.getLogger("webio.input")

GroupValidator = Callable[[dict[str, Any]], Optional[tuple[str, str]]]
_WAITING: Any = object()


def form_flow(session: Session, label: str, items: list[InputItem], *, validate: Optional[GroupValidator] = None,
              cancelable: bool = False) -> FlowFactory:
    """A flow showing ``items`` as one form; its result is the dict of values, or None if cancelled."""
    spec_cancelable = cancelable and not (items and items[-1].type == "actions")
    can_cancel = spec_cancelable or any(
        c.type == "cancel" for item in items if item.type == "actions" for c in item.choices or [])

    def flow(task_id: str) -> Generator[Optional[float], Optional[Event], Any]:
        form = FormState(session, task_id, items)
        uploads = [(name, item.multiple, int(item.spec.get("max_size") or 0), int(item.spec.get("max_total_size") or 0))
                   for name, item in form.fields.items() if item.type == "file"]
        if uploads:
            session.check_uploads(task_id, upload_check(uploads))
        try:
            session.send("input_group", {"label": label, "inputs": form.wire_inputs(),
                                         "cancelable": spec_cancelable}, task_id)
            while True:
                event = yield None
                if event is None:
                    continue
                result = _handle(form, event, validate, can_cancel)
                if result is not _WAITING:
                    form.release()
                    session.send("destroy_form", None, task_id)
                    return result
        finally:
            if not form.closed:  # the app's callback raised, or the session closed
                form.release()
                _destroy_quietly(session, task_id)

    return flow


def _destroy_quietly(session: Session, task_id: str) -> None:
    if not session.closed:
        try:
            session.send("destroy_form", None, task_id)
        except SessionClosedException:
            pass


def _handle(form: FormState, event: Event, validate: Optional[GroupValidator], can_cancel: bool) -> Any:
    try:
        if event.name == "from_submit":
            return _submit(form, event.data, validate)
        if event.name == "from_cancel":
            if not can_cancel:
                raise RemoteProtocolError("from_cancel for a form that has no cancel button")
            return None
        if event.name == "input_event":
            _input_event(form, event.data)
        else:
            raise RemoteProtocolError(f"a form does not expect {event.name!r} events")
    except RemoteProtocolError as exc:
        logger.warning("session %s: dropped %s for form %s: %s", short_id(form.session.id), event.name, form.task_id, exc)
    return _WAITING


def _input_event(form: FormState, data: dict[str, Any]) -> None:
    name = data["name"]
    item = form.fields.get(name)
    if item is None:
        raise RemoteProtocolError(f"input_event for unknown input {name!r}")
    try:
        value = item.parse(data.get("value"))
    except InvalidInput as exc:
        if data["event_name"] == "blur":
            form.show_error(name, str(exc))
        return
    if data["event_name"] == "blur" and item.validate is not None:
        error = _run_validate(form, item, value)
        if error is None:
            form.clear_error(name, mark_valid=True)
        else:
            form.show_error(name, error)
    elif data["event_name"] == "change" and item.onchange is not None:
        result = form.call(name, item.onchange, value)
        if inspect.isawaitable(result):
            _run_in_background(form.session, result)


def _run_in_background(session: Session, awaitable: Any) -> None:
    if not isinstance(session, CoroutineSession):
        getattr(awaitable, "close", lambda: None)()
        raise TypeError("an async onchange callback needs a coroutine-based session: make the app 'async def'")
    # A one-off callback rather than run_async(): the session counts it as work in progress, so
    # an HTTP poll answers once the callback has shown its effect.
    callback_id = session.register_callback(lambda _data: awaitable, once=True)
    session.dispatch(Event("callback", callback_id, None))


INVALID = "Invalid input"  # what the user sees when a validate function raised


def _call_validator(form: FormState, name: str, validate: Callable[..., Any], value: Any) -> Any:
    """Call a validate function; one that raises makes the input invalid (logged), as in PyWebIO,
    so the form stays usable: ``lambda age: 'too young' if age < 10 else None`` on an empty NUMBER."""
    try:
        return form.call(name, validate, value)
    except SessionException:
        raise
    except Exception:
        logger.exception("session %s: validate of input %r raised for %r; the input is shown as invalid",
                         short_id(form.session.id), name, value)
        return INVALID


def _run_validate(form: FormState, item: InputItem, value: Any) -> Optional[str]:
    assert item.validate is not None
    error = _call_validator(form, str(item.name), item.validate, value)
    if inspect.isawaitable(error):
        getattr(error, "close", lambda: None)()
        raise TypeError(f"validate of input {item.name!r} must be a plain function returning None or a message, "
                        "not an async function")
    return None if error is None else str(error)


def _submit(form: FormState, data: Any, validate: Optional[GroupValidator]) -> Any:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, item in form.fields.items():
        try:
            values[name] = item.parse(data.get(name))
            item.check_required(values[name])
        except InvalidInput as exc:
            errors[name] = str(exc)
    for name, item in form.fields.items():
        if name not in errors and item.validate is not None:
            error = _run_validate(form, item, values[name])
            if error is not None:
                errors[name] = error
    if not errors and validate is not None:
        errors.update(_run_group_validate(form, validate, values))
    if not errors:
        return values
    for name in form.fields:
        if name in errors:
            form.show_error(name, errors[name])
        else:
            form.clear_error(name)
    return _WAITING


def _run_group_validate(form: FormState, validate: GroupValidator, values: dict[str, Any]) -> dict[str, str]:
    first = next(iter(form.fields))
    verdict = _call_validator(form, first, validate, dict(values))
    if verdict is INVALID:
        return {first: INVALID}
    if inspect.isawaitable(verdict):
        getattr(verdict, "close", lambda: None)()
        raise TypeError("input_group() validate must be a plain function, not an async function")
    if not verdict:
        return {}
    if not isinstance(verdict, (tuple, list)) or len(verdict) != 2:
        raise TypeError(f"input_group() validate must return None or (input_name, error_message), got {verdict!r}")
    name, message = verdict
    if name not in form.fields:
        raise ValueError(f"input_group() validate named input {name!r}, but the group's inputs are {list(form.fields)}")
    return {name: str(message)}
