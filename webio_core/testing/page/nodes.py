"""The output tree: containers (scopes, content slots) holding output nodes built from specs.

A ``Container`` is an ordered list of ``Node``; it has a DOM id when it is a scope
(``webio-scope-NAME``) or the content slot of an output sent with ``container_dom_id``. A ``Node``
is one output of docs/protocol.md's catalogue; its nested outputs live in containers of its own
(table cells, tab bodies, collapse body, …). A JSON string or number where a nested spec is
expected is a ``text`` output. ``text`` renders what a user reads (like ``innerText``): the body
of a closed collapse and the tabs not selected are hidden; ``all_text`` includes them.
"""
from __future__ import annotations

import base64
from typing import Any, Iterator, Optional

from .form import Input
from .text import TextBuilder, html_to_text, markdown_to_text, render_mustache

SCOPE_PREFIX = "webio-scope-"
# Output types whose own nested outputs are listed under "contents".
CONTENTS_TYPES = frozenset({"alert", "loading", "collapse", "scrollable", "row", "column", "scope"})


def scope_name(dom_id: str) -> str:
    """'webio-scope-main' → 'main' (other ids are returned as they are)."""
    return dom_id[len(SCOPE_PREFIX):] if dom_id.startswith(SCOPE_PREFIX) else dom_id


def as_spec(item: Any) -> Optional[dict[str, Any]]:
    """A nested spec; strings and numbers stand for text outputs; None is a gap."""
    if item is None:
        return None
    if isinstance(item, dict):
        return item
    return {"type": "text", "content": str(item)}


class Container:
    """An ordered list of outputs: a scope, or the content slot of an output."""

    def __init__(self, dom_id: Optional[str] = None, owner: Optional[Node] = None) -> None:
        self.dom_id = dom_id
        self.owner = owner
        self.nodes: list[Node] = []
        self.keep_height = False  # set_scope(if_exist='blank') until 'loose'

    @property
    def name(self) -> Optional[str]:
        """The scope name (its DOM id without the ``webio-scope-`` prefix)."""
        return scope_name(self.dom_id) if self.dom_id else None

    def insert(self, node: Node, position: int = -1) -> None:
        """Insert at ``position`` (manual §4.3.2): ≥ 0 before that index, < 0 after that index from the end."""
        count = len(self.nodes)
        index = min(position, count) if position >= 0 else max(count + position + 1, 0)
        node.parent = self
        self.nodes.insert(index, node)

    def remove(self, node: Node) -> None:
        """Take ``node`` out of this container."""
        self.nodes.remove(node)
        node.parent = None

    def clear(self) -> None:
        """Empty the container."""
        for node in self.nodes:
            node.parent = None
        self.nodes = []

    def walk(self) -> Iterator[Node]:
        """Every node inside, in document order, nested ones included."""
        for node in self.nodes:
            yield node
            yield from node.walk()

    def containers(self) -> Iterator[Container]:
        """This container and every container nested in it, in document order."""
        yield self
        for node in self.nodes:
            for slot in node.slots():
                yield from slot.containers()

    def attached_to(self, root: Container) -> bool:
        """True if this container is still part of the tree under ``root``."""
        container: Optional[Container] = self
        while container is not None:
            if container is root:
                return True
            owner = container.owner
            if owner is None or owner.parent is None:
                return False
            container = owner.parent
        return False

    def render(self, builder: TextBuilder, visible: bool) -> None:
        """Write the text of the container's outputs to ``builder`` (hidden ones only if not ``visible``)."""
        for node in self.nodes:
            node.render(builder, visible)

    def text_of(self, visible: bool = True) -> str:
        """The text of the container's outputs, as the user reads it."""
        builder = TextBuilder()
        self.render(builder, visible)
        return builder.text()

    @property
    def text(self) -> str:
        """What a user reads in this container."""
        return self.text_of(True)

    def __repr__(self) -> str:
        return f"<Container {self.dom_id or '(slot)'} {len(self.nodes)} outputs>"


class Node:
    """One output. ``spec`` is the spec as received; nested outputs are in ``slots()``."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.type = str(spec.get("type", ""))
        self.parent: Optional[Container] = None
        self.content: Optional[Container] = None  # "contents" of alert/collapse/scope/…
        self.title: Optional[Container] = None  # collapse title
        self.cells: list[list[Container]] = []  # table data, grid contents
        self.tabs: list[tuple[str, Container]] = []
        self.widget_outputs: dict[str, Container] = {}  # custom_widget data that are outputs
        self.input: Optional[Input] = None  # pin
        self.open = bool(spec.get("open"))  # collapse
        self.active_tab = 0
        self._build()

    # ------------------------------------------------------------------ building
    def _slot(self, items: Any, dom_id: Optional[str] = None) -> Container:
        container = Container(dom_id, owner=self)
        for item in items or ():
            spec = as_spec(item)
            if spec is not None:
                container.insert(Node(spec))
        return container

    def _build(self) -> None:
        spec, kind = self.spec, self.type
        if kind in CONTENTS_TYPES:
            self.content = self._slot(spec.get("contents"), spec.get("dom_id") if kind == "scope" else None)
        if kind == "collapse":
            self.title = self._slot([spec.get("title")])
        elif kind == "table":
            self.cells = [[self._slot([cell]) for cell in row] for row in spec.get("data") or ()]
        elif kind == "grid":
            self.cells = [[self._slot([cell]) for cell in row] for row in spec.get("contents") or ()]
        elif kind == "tabs":
            self.tabs = [(str(tab.get("title", "")), self._slot(tab.get("contents")))
                         for tab in spec.get("tabs") or ()]
        elif kind == "custom_widget":
            data = spec.get("data") or {}
            for key, value in data.items() if isinstance(data, dict) else ():
                if isinstance(value, dict) and "type" in value:
                    self.widget_outputs[key] = self._slot([value])
        elif kind == "pin":
            self.input = Input(spec.get("input") or {})
        container_dom_id = spec.get("container_dom_id")
        if container_dom_id:
            if self.content is None:
                self.content = Container(owner=self)
            self.content.dom_id = container_dom_id

    # ------------------------------------------------------------------ structure
    def slots(self) -> Iterator[Container]:
        """Nested containers in document order."""
        if self.title is not None:
            yield self.title
        for row in self.cells:
            yield from row
        for _, body in self.tabs:
            yield body
        yield from self.widget_outputs.values()
        if self.content is not None:
            yield self.content

    def walk(self) -> Iterator[Node]:
        """Every output nested in this one, in document order."""
        for slot in self.slots():
            yield from slot.walk()

    @property
    def dom_id(self) -> Optional[str]:
        """The DOM id of this output's scope (``scope`` outputs and ``container_dom_id`` ones)."""
        return self.content.dom_id if self.content is not None else None

    @property
    def scope(self) -> Optional[str]:
        """The name of the nearest scope this output is in."""
        container = self.parent
        while container is not None:
            if container.dom_id:
                return container.name
            container = container.owner.parent if container.owner is not None else None
        return None

    # ------------------------------------------------------------------ type-specific reading
    @property
    def labels(self) -> list[str]:
        """Button labels (``buttons``), tab titles (``tabs``), option labels (pin)."""
        if self.type == "buttons":
            return [str(b.get("label", "")) for b in self.spec.get("buttons") or ()]
        if self.type == "tabs":
            return [title for title, _ in self.tabs]
        if self.input is not None:
            if self.input.type == "actions":
                return [str(b.get("label", "")) for b in self.input.buttons]
            return [option.label for option in self.input.options]
        return []

    @property
    def rows(self) -> list[list[str]]:
        """Table or grid cells as text (a table's header row included)."""
        return [[cell.text_of(True) for cell in row] for row in self.cells]

    @property
    def file_content(self) -> bytes:
        """The bytes of a ``file`` output."""
        return base64.b64decode(self.spec.get("content") or "")

    # ------------------------------------------------------------------ text
    @property
    def text(self) -> str:
        """What a user reads in this output."""
        builder = TextBuilder()
        self.render(builder, True)
        return builder.text()

    @property
    def all_text(self) -> str:
        """All text of this output, hidden parts (closed collapse, other tabs) included."""
        builder = TextBuilder()
        self.render(builder, False)
        return builder.text()

    def render(self, builder: TextBuilder, visible: bool) -> None:
        """Write this output's text to ``builder``."""
        renderer = _RENDERERS.get(self.type, _render_unknown)
        renderer(self, builder, visible)

    def __repr__(self) -> str:
        text = self.text
        short = text if len(text) < 40 else text[:37] + "..."
        return f"<Node {self.type} {short!r}>"


# ---------------------------------------------------------------------- renderers per type
def _render_text(node: Node, out: TextBuilder, visible: bool) -> None:
    content = str(node.spec.get("content", ""))
    if node.spec.get("inline"):
        out.inline(content)
    else:
        out.block(content)


def _render_markdown(node: Node, out: TextBuilder, visible: bool) -> None:
    out.block(markdown_to_text(str(node.spec.get("content", ""))))


def _render_html(node: Node, out: TextBuilder, visible: bool) -> None:
    out.block(html_to_text(str(node.spec.get("content", ""))))


def _render_field(field: str) -> Any:
    def render(node: Node, out: TextBuilder, visible: bool) -> None:
        out.block(str(node.spec.get(field) or ""))
    return render


def _render_link(node: Node, out: TextBuilder, visible: bool) -> None:
    out.inline(str(node.spec.get("content", "")))
    out.line_break()


def _render_file(node: Node, out: TextBuilder, visible: bool) -> None:
    out.block(str(node.spec.get("label") or node.spec.get("name") or ""))


def _render_contents(node: Node, out: TextBuilder, visible: bool) -> None:
    out.line_break()
    if node.content is not None:
        node.content.render(out, visible)
    out.line_break()


def _render_collapse(node: Node, out: TextBuilder, visible: bool) -> None:
    out.line_break()
    if node.title is not None:
        node.title.render(out, visible)
    out.line_break()
    if (node.open or not visible) and node.content is not None:
        node.content.render(out, visible)
    out.line_break()


def _render_cells(node: Node, out: TextBuilder, visible: bool) -> None:
    lines = ["\t".join(cell.text_of(visible).replace("\n", " ") for cell in row) for row in node.cells]
    out.block("\n".join(lines))


def _render_buttons(node: Node, out: TextBuilder, visible: bool) -> None:
    out.block(" ".join(node.labels))


def _render_processbar(node: Node, out: TextBuilder, visible: bool) -> None:
    # Decision: the bar shows its label, or its percentage when it has no label.
    label = node.spec.get("label")
    if label:
        out.block(str(label))
    else:
        out.block(f"{round(float(node.spec.get('value') or 0) * 100)}%")


def _render_tabs(node: Node, out: TextBuilder, visible: bool) -> None:
    out.block(" ".join(title for title, _ in node.tabs))
    for index, (_, body) in enumerate(node.tabs):
        if not visible or index == node.active_tab:
            body.render(out, visible)
            out.line_break()


def _render_pin(node: Node, out: TextBuilder, visible: bool) -> None:
    item = node.input
    if item is None:
        return
    out.block(item.label)
    if item.type == "actions":
        out.block(" ".join(str(b.get("label", "")) for b in item.buttons))
    out.block(item.help_text)
    if item.valid_status is False:
        out.block(item.invalid_feedback)
    elif item.valid_status is True:
        out.block(item.valid_feedback)


def _render_widget(node: Node, out: TextBuilder, visible: bool) -> None:
    def value_text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            return ""
        return str(value)

    def output_parse(inner: str, render: Any) -> str:
        slot = node.widget_outputs.get(inner.strip())
        return slot.text_of(visible) if slot is not None else ""

    lambdas = {"webio_output_parse": output_parse, "pywebio_output_parse": output_parse}
    markup = render_mustache(str(node.spec.get("template", "")), node.spec.get("data") or {}, value_text, lambdas)
    out.block(html_to_text(markup))


def _render_datatable(node: Node, out: TextBuilder, visible: bool) -> None:
    from .datatable import render_datatable

    render_datatable(node, out, visible)


def _render_nothing(node: Node, out: TextBuilder, visible: bool) -> None:
    out.line_break()


def _render_unknown(node: Node, out: TextBuilder, visible: bool) -> None:
    _render_contents(node, out, visible)


_RENDERERS: dict[str, Any] = {
    "text": _render_text, "markdown": _render_markdown, "html": _render_html, "code": _render_field("content"),
    "alert": _render_contents, "link": _render_link, "image": _render_nothing, "file": _render_file,
    "table": _render_cells, "grid": _render_cells, "buttons": _render_buttons, "processbar": _render_processbar,
    "loading": _render_contents, "collapse": _render_collapse, "scrollable": _render_contents,
    "tabs": _render_tabs, "row": _render_contents, "column": _render_contents, "scope": _render_contents,
    "pin": _render_pin, "custom_widget": _render_widget, "datatable": _render_datatable,
}
