"""What a user can do on the page, as the events the browser would send.

Each function changes the page the way the browser does locally (values typed, a tab selected, a
popup closed) and returns the events to send (without ``seq``/``ack``: the client adds them).
When the action is impossible, a ``TestClientError`` says what is on the page instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from .errors import FormError, NotFoundError
from .form import FileArg, Form, Input
from .model import Page, Reply
from .nodes import Node


@dataclass
class Navigation:
    """A link the user followed: ``url``, or ``app`` for a link to another app of the server."""

    url: Optional[str]
    app: Optional[str]
    new_window: bool


def require_form(page: Page) -> Form:
    if page.form is None:
        raise FormError("no form is shown on the page: the app is not waiting for input "
                        "(wait for it with client.wait_until(lambda c: c.form is not None))")
    return page.form


def input_event(form: Form, item: Input, event_name: str) -> Reply:
    return {"event": "input_event", "task_id": form.task_id,
            "data": {"event_name": event_name, "name": item.name, "value": item.wire_value()}}


def as_values(form: Form, values: Any) -> dict[str, Any]:
    """``{name or label: value}``; a bare value fills the only input of a one-input form."""
    if isinstance(values, dict):
        return values
    fillable = [item for item in form.inputs if item.type != "actions"]
    if len(fillable) != 1:
        raise FormError(f"a bare value needs a form with one input; this form has {form.names}: "
                        "pass {name: value}")
    return {fillable[0].name: values}


def fill(page: Page, values: Any) -> list[Reply]:
    """Type values into the form; items with ``onchange`` send a ``change`` event."""
    form = require_form(page)
    events = []
    for name, value in as_values(form, values).items():
        item = form[name]
        item.set_value(value)
        if item.spec.get("onchange"):
            events.append(input_event(form, item, "change"))
    return events


def blur(page: Page, name: str) -> list[Reply]:
    """The user leaves input ``name``; items with ``onblur`` send a ``blur`` event."""
    form = require_form(page)
    item = form[name]
    return [input_event(form, item, "blur")] if item.spec.get("onblur") else []


def upload(page: Page, name: str, files: Sequence[FileArg], now_ms: Optional[float] = None) -> list[Reply]:
    """Choose files for file input ``name`` (submit the form to send them)."""
    require_form(page)[name].set_files(files, now_ms)
    return []


def submit(page: Page, values: Any = None) -> list[Reply]:
    """Submit the form with its current values (after filling ``values``, see ``as_values``)."""
    form = require_form(page)
    events = fill(page, values) if values is not None else []
    missing = [item.name for item in form.inputs if item.required and _empty(item.wire_value())]
    if missing:
        raise FormError(f"required inputs {missing} are empty: the browser does not submit the form; fill them first")
    events.append({"event": "from_submit", "task_id": form.task_id, "data": form.wire_values()})
    return events


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def reset(page: Page) -> list[Reply]:
    for item in require_form(page).inputs:
        item.reset()
    return []


def cancel(page: Page) -> list[Reply]:
    form = require_form(page)
    if not form.cancelable:
        raise FormError("the form has no Cancel button (the app did not make it cancelable)")
    return [{"event": "from_cancel", "task_id": form.task_id, "data": None}]


def press(page: Page, label: str) -> list[Reply]:
    """Press a button of the form: an ``actions`` button, or the ``action`` button of an input."""
    form = require_form(page)
    for item in form.inputs:
        if item.type != "actions":
            continue
        for button in item.buttons:
            if str(button.get("label")) == label:
                return _press_action(page, form, item, button)
    for item in form.inputs:
        action = item.spec.get("action")
        if isinstance(action, dict) and str(action.get("label")) == label:
            return [{"event": "callback", "task_id": action.get("callback_id"), "data": None}]
    raise NotFoundError(f"the form has no button {label!r}; its buttons are {form_buttons(form)}")


def form_buttons(form: Form) -> list[str]:
    labels = [str(b.get("label")) for item in form.inputs if item.type == "actions" for b in item.buttons]
    labels += [str(item.spec["action"].get("label")) for item in form.inputs
               if isinstance(item.spec.get("action"), dict)]
    return labels


def _press_action(page: Page, form: Form, item: Input, button: dict[str, Any]) -> list[Reply]:
    if button.get("disabled"):
        raise FormError(f"button {button.get('label')!r} is disabled")
    kind = button.get("type") or "submit"
    if kind == "reset":
        return reset(page)
    if kind == "cancel":
        return [{"event": "from_cancel", "task_id": form.task_id, "data": None}]
    item.value = button.get("value")
    return submit(page)


# ---------------------------------------------------------------------- clicking outputs
Clicker = Callable[[Page, Node, Any], list[Reply]]


def click(page: Page, label: str, scope: Optional[str] = None, navigations: Optional[list[Navigation]] = None
          ) -> list[Reply]:
    """Click the first thing on the page labelled ``label`` (buttons, links, files, tabs, …)."""
    for node in _nodes(page, scope):
        result = _click_node(page, node, label, navigations)
        if result is not None:
            return result
    for toast in page.toasts:
        if not toast.closed and toast.content == label:
            toast.closed = True
            return [{"event": "callback", "task_id": toast.callback_id, "data": None}] if toast.callback_id else []
    where = f" in scope {scope!r}" if scope else ""
    raise NotFoundError(f"nothing labelled {label!r} to click{where}; clickable labels are {clickable_labels(page, scope)}")


def _nodes(page: Page, scope: Optional[str]) -> list[Node]:
    if scope is None:
        return list(page.walk())
    from .nodes import SCOPE_PREFIX

    container = page.container(SCOPE_PREFIX + scope)
    if container is None:
        raise NotFoundError(f"no scope {scope!r} on the page; scopes are {page.scope_names()}")
    return list(container.walk())


def _click_node(page: Page, node: Node, label: str, navigations: Optional[list[Navigation]]
                ) -> Optional[list[Reply]]:
    spec = node.spec
    if node.type == "datatable":
        from .datatable import datatable_of

        return datatable_of(node).press(label)
    if node.type == "buttons":
        for button in spec.get("buttons") or ():
            if str(button.get("label")) == label:
                if button.get("disabled"):
                    raise FormError(f"button {label!r} is disabled")
                return [{"event": "callback", "task_id": spec.get("callback_id"), "data": button.get("value")}]
    if node.input is not None and node.input.type == "actions":
        for button in node.input.buttons:
            if str(button.get("label")) == label:
                node.input.value = button.get("value")
                return page.pin_changed(node.input.name, node.input.wire_value())
    if spec.get("click_callback_id") and node.text == label:
        return [{"event": "callback", "task_id": spec["click_callback_id"], "data": None}]
    if node.type == "link" and str(spec.get("content")) == label:
        if navigations is not None:
            navigations.append(Navigation(spec.get("url"), spec.get("app"), bool(spec.get("new_window"))))
        return []
    if node.type == "file" and str(spec.get("label") or spec.get("name")) == label:
        from .model import Download

        page.downloads.append(Download(str(spec.get("name", "")), node.file_content))
        return []
    if node.type == "tabs" and label in node.labels:
        node.active_tab = node.labels.index(label)
        return []
    if node.type == "collapse" and node.title is not None and node.title.text == label:
        node.open = not node.open
        return []
    return None


def clickable_labels(page: Page, scope: Optional[str] = None) -> list[str]:
    labels: list[str] = []
    for node in _nodes(page, scope):
        if node.type in ("buttons", "tabs") or (node.input is not None and node.input.type == "actions"):
            labels += node.labels
        elif node.spec.get("click_callback_id") or node.type in ("link", "file"):
            labels.append(node.text)
        elif node.type == "collapse" and node.title is not None:
            labels.append(node.title.text)
        elif node.type == "datatable":
            from .datatable import datatable_of

            labels += datatable_of(node).actions
    labels += [toast.content for toast in page.toasts if not toast.closed]
    return labels


# ---------------------------------------------------------------------- pins
def set_pin(page: Page, name: str, value: Any) -> list[Reply]:
    """The user changes pin widget ``name``: waits listening to it answer, its callbacks fire."""
    item = page.pin(name)
    if item is None:
        raise NotFoundError(f"no pin widget named {name!r} on the page; pins are {sorted(page.pins())}")
    if item.type == "actions":
        labels = [str(b.get("label")) for b in item.buttons]
        raise FormError(f"pin {name!r} is a group of buttons ({labels}): use click('label')")
    item.set_value(value)
    return page.pin_changed(name, item.wire_value())
