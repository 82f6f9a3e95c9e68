"""The page a browser shows, built by applying the commands of docs/protocol.md in order.

``Page.apply(command, now)`` changes the page and returns the events the browser would send back
on its own (``js_yield`` answers to ``pin_value``; ``run_script`` with ``eval`` is answered by the
client, which owns the JavaScript stand-in). Time comes in as an argument, so the model touches no
clock: pending ``pin_wait`` commands expire through ``expire_pin_waits(now)``.

Things a browser would only log (an output aimed at a scope that does not exist, an unknown
command) are collected in ``console`` and logged; they never raise.
"""
from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from .form import Form, Input
from .nodes import SCOPE_PREFIX, Container, Node, as_spec
from .text import TextBuilder

logger = logging.getLogger("webio.testing")
ROOT_ID = SCOPE_PREFIX + "ROOT"
Reply = dict[str, Any]


@dataclass
class Toast:
    """A toast the app showed: its text, duration, position and colour."""

    content: str
    duration: float
    position: str
    color: str
    callback_id: Optional[str]
    closed: bool = False


@dataclass
class Download:
    """A file the app sent to the browser with ``download()``."""

    name: str
    content: bytes


@dataclass
class Script:
    """A ``run_script`` command; ``result`` is what the client answered when ``eval`` is true."""

    code: str
    args: dict[str, Any]
    eval: bool
    task_id: Optional[str]
    result: Any = None


@dataclass
class PinWait:
    task_id: Optional[str]
    names: list[str]
    deadline: Optional[float]


@dataclass
class Popup:
    """The popup on screen; ``body`` is its content scope."""

    spec: dict[str, Any]
    body: Container = field(default_factory=Container)

    @property
    def title(self) -> str:
        """The title of the popup."""
        return str(self.spec.get("title") or "")

    @property
    def closable(self) -> bool:
        """True when the user can close the popup."""
        return bool(self.spec.get("closable", True))

    @property
    def size(self) -> str:
        """``'small'``, ``'normal'`` or ``'large'``."""
        return str(self.spec.get("size") or "normal")

    @property
    def text(self) -> str:
        """The visible text of the popup: its title, then its content."""
        builder = TextBuilder()
        builder.block(self.title)
        self.body.render(builder, True)
        return builder.text()

    @property
    def outputs(self) -> list[Node]:
        """Every output inside the popup, in document order."""
        return list(self.body.walk())


def dom_id_of(selector: Any) -> str:
    """'#webio-scope-x' → 'webio-scope-x'; a bare id is returned as it is."""
    text = str(selector or "").strip()
    return text[1:] if text.startswith("#") else text


class Page:
    """Everything a user of one session sees, and the browser-side state behind it."""

    def __init__(self) -> None:
        self.root = Container(ROOT_ID)
        self.popup: Optional[Popup] = None
        self.forms: list[Form] = []
        self.toasts: list[Toast] = []
        self.downloads: list[Download] = []
        self.scripts: list[Script] = []
        self.env: dict[str, Any] = {}
        self.session_id: Optional[str] = None
        self.closed = False
        self.console: list[str] = []
        self.scrolled_to: Optional[tuple[str, str]] = None
        self.pin_waits: list[PinWait] = []
        self.pin_callbacks: dict[str, list[str]] = {}
        self._ids: dict[str, Container] = {ROOT_ID: self.root}

    # ------------------------------------------------------------------ reading
    @property
    def form(self) -> Optional[Form]:
        """The form on screen (the latest one shown and not destroyed)."""
        return self.forms[-1] if self.forms else None

    @property
    def text(self) -> str:
        """All visible text: outputs, then the form, then the popup."""
        builder = TextBuilder()
        self.root.render(builder, True)
        if self.form is not None:
            builder.block(self.form.text)
        if self.popup is not None:
            builder.block(self.popup.text)
        return builder.text()

    def trees(self) -> Iterator[Container]:
        """The output trees on screen: the page, then the popup's body if a popup is open."""
        yield self.root
        if self.popup is not None:
            yield self.popup.body

    def walk(self) -> Iterator[Node]:
        """Every output on the page (popup included), in document order."""
        for tree in self.trees():
            yield from tree.walk()

    def container(self, selector: Any) -> Optional[Container]:
        """The container a ``#dom-id`` selector points at, or None."""
        dom_id = dom_id_of(selector)
        cached = self._ids.get(dom_id)
        if cached is not None and self._attached(cached):
            return cached
        for tree in self.trees():
            for container in tree.containers():
                if container.dom_id == dom_id:
                    self._ids[dom_id] = container
                    return container
        self._ids.pop(dom_id, None)
        return None

    def _attached(self, container: Container) -> bool:
        return any(container.attached_to(tree) for tree in self.trees())

    def scope_names(self) -> list[str]:
        """The names of every scope on the page, in document order."""
        names = []
        for tree in self.trees():
            for container in tree.containers():
                if container.dom_id and container.dom_id.startswith(SCOPE_PREFIX):
                    names.append(container.dom_id[len(SCOPE_PREFIX):])
        return names

    def pin(self, name: str) -> Optional[Input]:
        """The pin widget named ``name`` (the latest one output wins), or None."""
        found = None
        for node in self.walk():
            if node.input is not None and node.input.name == name:
                found = node.input
        return found

    def pins(self) -> dict[str, Input]:
        """The pin widgets on the page, by name."""
        result: dict[str, Input] = {}
        for node in self.walk():
            if node.input is not None:
                result[node.input.name] = node.input
        return result

    def warn(self, message: str) -> None:
        """Note a problem the browser would show in its console (also logged)."""
        self.console.append(message)
        logger.warning("page: %s", message)

    # ------------------------------------------------------------------ applying commands
    def apply(self, cmd: dict[str, Any], now: float = 0.0) -> list[Reply]:
        """Apply one command; return the events the browser sends back by itself."""
        name = cmd.get("command")
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            self.warn(f"unknown command {name!r}")
            return []
        result: Optional[list[Reply]] = handler(cmd.get("spec"), cmd.get("task_id"), now)
        return result or []

    def _cmd_set_session_id(self, spec: Any, task_id: Optional[str], now: float) -> None:
        self.session_id = str(spec)

    def _cmd_close_session(self, spec: Any, task_id: Optional[str], now: float) -> None:
        self.closed = True
        self.pin_waits.clear()

    def _cmd_output(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        selector = spec.get("scope") or "#" + ROOT_ID
        target = self.container(selector)
        if target is None:
            self.warn(f"output of type {spec.get('type')!r} to scope {selector!r}, which is not on the page")
            return
        node_spec = as_spec(spec)
        assert node_spec is not None
        target.insert(Node(node_spec), int(spec.get("position", -1)))

    def _cmd_output_ctl(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        from .scopes import apply_output_ctl

        apply_output_ctl(self, spec)

    def _cmd_input_group(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        self.forms = [form for form in self.forms if form.task_id != task_id or task_id is None]
        self.forms.append(Form(task_id, spec))

    def _form_for(self, task_id: Optional[str]) -> Optional[Form]:
        for form in reversed(self.forms):
            if form.task_id == task_id:
                return form
        return self.form

    def _cmd_update_input(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        form = self._form_for(task_id)
        name = str(spec.get("target_name"))
        if form is None or name not in form:
            self.warn(f"update_input for {name!r}, which is not in the form on screen")
            return
        form[name].update(spec.get("attributes") or {}, spec.get("target_value"))

    def _cmd_destroy_form(self, spec: Any, task_id: Optional[str], now: float) -> None:
        form = self._form_for(task_id)
        if form is not None:
            self.forms.remove(form)

    def _cmd_popup(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        content = spec.get("content")
        items = content if isinstance(content, list) else [content]
        body = Container(spec.get("dom_id"))
        for item in items:
            node_spec = as_spec(item)
            if node_spec is not None:
                body.insert(Node(node_spec))
        self.popup = Popup(spec, body)

    def _cmd_close_popup(self, spec: Any, task_id: Optional[str], now: float) -> None:
        self.popup = None

    def _cmd_toast(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        self.toasts.append(Toast(str(spec.get("content", "")), float(spec.get("duration") or 0),
                                 str(spec.get("position") or "center"), str(spec.get("color") or "info"),
                                 spec.get("callback_id")))

    def _cmd_set_env(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        self.env.update(spec or {})

    def _cmd_run_script(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        self.scripts.append(Script(str(spec.get("code", "")), dict(spec.get("args") or {}),
                                   bool(spec.get("eval")), task_id))

    def _cmd_download(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        self.downloads.append(Download(str(spec.get("name", "")), base64.b64decode(spec.get("content") or "")))

    # ------------------------------------------------------------------ pins
    def _cmd_pin_value(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> list[Reply]:
        item = self.pin(str(spec.get("name")))
        if item is None:  # as the browser: null tells strict mode the widget is not on the page
            return [js_yield(task_id, None)]
        return [js_yield(task_id, {"name": item.name, "value": item.wire_value()})]

    def _cmd_pin_update(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        item = self.pin(str(spec.get("name")))
        if item is None:
            self.warn(f"pin_update for pin {spec.get('name')!r}, which is not on the page")
            return
        item.update(spec.get("attributes") or {})

    def _cmd_pin_wait(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        timeout = spec.get("timeout")
        deadline = now + float(timeout) if timeout is not None and float(timeout) > 0 else None
        self.pin_waits.append(PinWait(task_id, [str(n) for n in spec.get("names") or ()], deadline))

    def _cmd_pin_onchange(self, spec: dict[str, Any], task_id: Optional[str], now: float) -> None:
        name = str(spec.get("name"))
        callback_id = spec.get("callback_id")
        callbacks = self.pin_callbacks.setdefault(name, [])
        if spec.get("clear"):
            callbacks.clear()
        if callback_id:
            callbacks.append(str(callback_id))

    def pin_changed(self, name: str, value: Any) -> list[Reply]:
        """A user changed pin ``name``: answer the waits that listen to it, fire its callbacks."""
        replies = []
        waiting = [wait for wait in self.pin_waits if name in wait.names]
        for wait in waiting:
            self.pin_waits.remove(wait)
            replies.append(js_yield(wait.task_id, {"name": name, "value": value}))
        for callback_id in self.pin_callbacks.get(name, ()):
            replies.append({"event": "callback", "task_id": callback_id, "data": value})
        return replies

    def expire_pin_waits(self, now: float) -> list[Reply]:
        """Answer ``null`` to the ``pin_wait`` commands whose timeout has passed."""
        expired = [wait for wait in self.pin_waits if wait.deadline is not None and wait.deadline <= now]
        for wait in expired:
            self.pin_waits.remove(wait)
        return [js_yield(wait.task_id, None) for wait in expired]

    def next_deadline(self) -> Optional[float]:
        """The earliest time (``time.monotonic()``) a pin wait times out, or None."""
        deadlines = [wait.deadline for wait in self.pin_waits if wait.deadline is not None]
        return min(deadlines) if deadlines else None


def js_yield(task_id: Optional[str], data: Any) -> Reply:
    return {"event": "js_yield", "task_id": task_id, "data": data}
