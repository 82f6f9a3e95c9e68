"""``output_ctl``: creating, clearing and removing scopes, and updating progress bars.

Keys (docs/protocol.md): ``set_scope`` (with ``container``, ``position``, ``if_exist``),
``loose``, ``clear``, ``clear_before``, ``clear_after``, ``clear_range``, ``scroll_to`` (with
``position``), ``remove``, ``processbar``. Selectors are ``#dom-id``; ``set_scope`` names the
new scope's DOM id (``webio-scope-NAME``; a bare name gets the prefix).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from .nodes import SCOPE_PREFIX, Container, Node

if TYPE_CHECKING:
    from .model import Page


def apply_output_ctl(page: Page, spec: dict[str, Any]) -> None:
    if "set_scope" in spec:
        _set_scope(page, spec)
    for key in ("loose", "clear", "clear_before", "clear_after", "remove"):
        if key in spec:
            _ACTIONS[key](page, spec[key])
    if "clear_range" in spec:
        _clear_range(page, spec["clear_range"])
    if "scroll_to" in spec:
        target = _container(page, spec["scroll_to"])
        page.scrolled_to = (target.name or "" if target else str(spec["scroll_to"]), str(spec.get("position", "top")))
    if "processbar" in spec:
        _processbar(page, spec["processbar"])
    if "datatable" in spec:
        from .datatable import apply_datatable_ctl

        apply_datatable_ctl(page, spec["datatable"])


def _scope_dom_id(value: Any) -> str:
    text = str(value).strip().lstrip("#")
    return text if text.startswith(SCOPE_PREFIX) else SCOPE_PREFIX + text


def _container(page: Page, selector: Any) -> Optional[Container]:
    found = page.container(selector)
    if found is None:
        found = page.container(_scope_dom_id(selector))
    if found is None:
        page.warn(f"output_ctl names {selector!r}, which is not on the page")
    return found


def _set_scope(page: Page, spec: dict[str, Any]) -> None:
    dom_id = _scope_dom_id(spec["set_scope"])
    existing = page.container(dom_id)
    if existing is not None:
        if_exist = spec.get("if_exist")
        if if_exist is None:
            return
        if if_exist in ("clear", "blank"):
            existing.clear()
            existing.keep_height = if_exist == "blank"
            return
        if if_exist == "remove":
            _remove_container(existing)
    parent = _container(page, spec.get("container") or "#" + SCOPE_PREFIX + "ROOT")
    if parent is None:
        return
    parent.insert(Node({"type": "scope", "dom_id": dom_id, "contents": []}), int(spec.get("position", -1)))


def _loose(page: Page, selector: Any) -> None:
    target = _container(page, selector)
    if target is not None:
        target.keep_height = False


def _clear(page: Page, selector: Any) -> None:
    target = _container(page, selector)
    if target is not None:
        target.clear()


def _element(page: Page, selector: Any) -> Optional[Node]:
    """The output node carrying the DOM id (a scope is an element inside its parent)."""
    target = _container(page, selector)
    if target is None or target.owner is None or target.owner.parent is None:
        return None
    return target.owner


def _siblings(node: Node) -> list[Node]:
    assert node.parent is not None
    return node.parent.nodes


def _clear_before(page: Page, selector: Any) -> None:
    node = _element(page, selector)
    if node is not None:
        siblings = _siblings(node)
        for other in siblings[:siblings.index(node)]:
            node.parent.remove(other)  # type: ignore[union-attr]


def _clear_after(page: Page, selector: Any) -> None:
    node = _element(page, selector)
    if node is not None:
        siblings = _siblings(node)
        for other in siblings[siblings.index(node) + 1:]:
            node.parent.remove(other)  # type: ignore[union-attr]


def _clear_range(page: Page, selectors: Any) -> None:
    start, end = (_element(page, s) for s in list(selectors)[:2])
    if start is None or end is None or start.parent is not end.parent:
        return
    siblings = _siblings(start)
    first, last = sorted((siblings.index(start), siblings.index(end)))
    for other in siblings[first + 1:last]:
        start.parent.remove(other)  # type: ignore[union-attr]


def _remove_container(target: Container) -> None:
    if target.owner is not None and target.owner.parent is not None:
        target.owner.parent.remove(target.owner)
    else:
        target.clear()  # the root scope cannot go away; it only empties


def _remove(page: Page, selector: Any) -> None:
    target = _container(page, selector)
    if target is not None:
        _remove_container(target)


def _processbar(page: Page, spec: dict[str, Any]) -> None:
    name = spec.get("name")
    for node in list(page.walk()):
        if node.type == "processbar" and node.spec.get("name") == name:
            node.spec["value"] = spec.get("value", node.spec.get("value"))
            if spec.get("label") is not None:
                node.spec["label"] = spec["label"]
            if node.spec.get("auto_close") and float(node.spec.get("value") or 0) >= 1 and node.parent:
                node.parent.remove(node)
            return
    page.warn(f"set_processbar for {name!r}, which is not on the page")


_ACTIONS = {"loose": _loose, "clear": _clear, "clear_before": _clear_before, "clear_after": _clear_after,
            "remove": _remove}
