"""One displayed form: its working items, its action callbacks, and ``input_update()``.

While the app's ``validate``/``onchange``/``action`` callbacks run, the form is *current* (a
context variable), so ``input_update()`` inside them knows which form and item to update.
"""
from __future__ import annotations

import contextlib
import inspect
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Iterator, Optional

from ..exceptions import SessionClosedException, WebioUsageError
from ..session.base import Session
from .items import InputItem
from .updates import encode_update

_current: ContextVar[Optional[tuple[FormState, str]]] = ContextVar("webio_current_form", default=None)
_MISSING: Any = object()


class FormState:
    """The server side of one form shown by ``input_group`` (or a single input)."""

    def __init__(self, session: Session, task_id: str, items: list[InputItem]) -> None:
        self.session = session
        self.task_id = task_id
        self.fields: dict[str, InputItem] = {str(item.name): item.copy() for item in items}
        self.invalid: set[str] = set()
        self.callback_ids: list[str] = []
        self.closed = False

    def wire_inputs(self) -> list[dict[str, Any]]:
        """The ``inputs`` of the ``input_group`` command; registers the action buttons' callbacks."""
        inputs = []
        for name, item in self.fields.items():
            callback_id = None
            if item.action is not None:
                callback_id = self.session.register_callback(self._action_callback(name, item.action[1]))
                self.callback_ids.append(callback_id)
            inputs.append(item.wire_spec(callback_id))
        for spec in inputs:
            if spec["type"] != "actions":
                spec["auto_focus"] = True
                break
        return inputs

    # ------------------------------------------------------------------ updates
    def update(self, name: str, attributes: dict[str, Any], function: str = "input_update") -> None:
        item = self.fields.get(name)
        if item is None:
            raise ValueError(f"{function}(): this form has no input named {name!r}; its inputs are {list(self.fields)}")
        self.send_update(name, encode_update(item, attributes, function))

    def send_update(self, name: str, attributes: dict[str, Any]) -> None:
        if self.closed:
            return
        try:
            self.session.send("update_input", {"target_name": name, "attributes": attributes}, self.task_id)
        except SessionClosedException:
            pass

    def show_error(self, name: str, message: str) -> None:
        self.invalid.add(name)
        self.send_update(name, {"valid_status": False, "invalid_feedback": message})

    def clear_error(self, name: str, mark_valid: bool = False) -> None:
        if name in self.invalid or mark_valid:
            self.invalid.discard(name)
            self.send_update(name, {"valid_status": True if mark_valid else 0})

    def release(self) -> None:
        """The form is gone: its action buttons no longer call back."""
        self.closed = True
        for callback_id in self.callback_ids:
            self.session.unregister_callback(callback_id)
        self.callback_ids.clear()

    # ------------------------------------------------------------------ app callbacks
    def call(self, name: str, func: Callable[..., Any], *args: Any) -> Any:
        """Call an app callback with this form current; awaitables keep it current too."""
        with current_form(self, name):
            result = func(*args)
        if inspect.isawaitable(result):
            return self._keep_current(name, result)
        return result

    async def _keep_current(self, name: str, awaitable: Awaitable[Any]) -> Any:
        with current_form(self, name):
            return await awaitable

    def _action_callback(self, name: str, user_callback: Callable[..., Any]) -> Callable[[Any], Any]:
        def on_click(_data: Any) -> Any:
            return self.call(name, user_callback, self._setter(name))

        return on_click

    def _setter(self, name: str) -> Callable[..., None]:
        def set_value(value: Any, label: Any = _MISSING) -> None:
            """Set the input's value; with a label, the app gets ``value`` and the user sees ``label``."""
            item = self.fields[name]
            if label is _MISSING:
                self.update(name, {"value": value}, "set_value")
            else:
                item.preset = (str(label), value)
                self.send_update(name, {"value": str(label), "readonly": True})

        return set_value


@contextlib.contextmanager
def current_form(form: FormState, name: str) -> Iterator[None]:
    token = _current.set((form, name))
    try:
        yield
    finally:
        _current.reset(token)


def input_update(name: Optional[str] = None, **spec: Any) -> None:
    """Change an input of the form being filled in; call it from ``onchange``/``validate``/``action``.

    ``name`` defaults to the input whose callback is running. Example::

        select('Country', ['China', 'USA'], name='country',
               onchange=lambda c: input_update('city', options=cities[c]))
    """
    current = _current.get()
    if current is None:
        raise WebioUsageError(
            "input_update() called outside an input callback: call it from the onchange, validate or action "
            "callback of an input (to change a pin widget, use webio.pin.pin_update())"
        )
    form, default_name = current
    form.update(default_name if name is None else name, spec)
