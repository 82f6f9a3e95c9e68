"""Datatables on the test page: the rows a ``put_datatable`` shows, kept up to date by
``datatable_update/insert/remove`` (``output_ctl`` ``datatable``) the way the browser grid does,
and what a user does with them (select rows, press an action button).

Example::

    table = client.datatable('people')
    assert table.column('name') == ['Ada', 'Alan']
    client.select_rows('people', 1)   # onselect(1)
    client.click('Delete')            # an action button acts on the selected row
"""
from __future__ import annotations

from typing import Any, Iterator, Optional, Union
from weakref import WeakKeyDictionary

from .errors import FormError, NotFoundError
from .model import Page, Reply
from .nodes import Node
from .text import TextBuilder

RowId = Union[str, int]


class Datatable:
    """One ``put_datatable`` output: ``rows`` (dicts by column key, in display order) and ``ids``."""

    def __init__(self, node: Node) -> None:
        spec = node.spec
        self.node = node
        self.instance_id = str(spec.get("instance_id", ""))
        self.id_field: Optional[str] = spec.get("id_field")
        self.multiple = bool(spec.get("multiple_select"))
        self.next_index = 0
        self.rows: list[dict[str, Any]] = []
        self.ids: list[RowId] = []
        self.selected: list[RowId] = []
        self._add(spec.get("fields"), spec.get("rows"), None)

    # ------------------------------------------------------------------ reading
    @property
    def columns(self) -> list[tuple[str, str]]:
        """``(key, header)`` of every shown column, left to right (groups flattened)."""
        out: list[tuple[str, str]] = []

        def walk(defs: Any) -> None:
            for col in defs or ():
                if isinstance(col, dict) and col.get("children"):
                    walk(col["children"])
                elif isinstance(col, dict) and col.get("field") is not None and not col.get("hide"):
                    out.append((str(col["field"]), str(col.get("headerName", col["field"]))))

        walk(self.node.spec.get("columns"))
        return out

    @property
    def headers(self) -> list[str]:
        return [header for _, header in self.columns]

    def column(self, key: str) -> list[Any]:
        """The values of one column (by key, e.g. ``'age'`` or ``'info.age'``), top to bottom."""
        return [row.get(key) for row in self.rows]

    def row(self, row_id: RowId) -> dict[str, Any]:
        """The values of the row with this id."""
        return self.rows[self._index(row_id)]

    @property
    def actions(self) -> list[str]:
        return [str(a[0]) for a in self.node.spec.get("actions") or () if isinstance(a, list)]

    def render(self, out: TextBuilder) -> None:
        keys = [key for key, _ in self.columns]
        lines = ["\t".join(self.headers)]
        lines += ["\t".join("" if row.get(k) is None else str(row.get(k)) for k in keys) for row in self.rows]
        out.block("\n".join(lines))
        out.block(" ".join(self.actions))

    # ------------------------------------------------------------------ user actions
    def select(self, row_ids: Union[RowId, list[RowId]]) -> list[Reply]:
        """Select rows (one id, or a list with ``multiple_select``); ``onselect`` gets their id(s)."""
        ids = list(row_ids) if isinstance(row_ids, (list, tuple)) else [row_ids]
        if len(ids) > 1 and not self.multiple:
            raise FormError(f"datatable {self.instance_id!r} selects one row at a time (no multiple_select)")
        for row_id in ids:
            self._index(row_id)
        self.selected = ids
        callback = self.node.spec.get("onselect")
        if not callback or not ids:
            return []
        return [{"event": "callback", "task_id": callback, "data": ids if self.multiple else ids[0]}]

    def press(self, label: str) -> Optional[list[Reply]]:
        """An action button: its callback gets the selected row id(s); None if no such button."""
        for action in self.node.spec.get("actions") or ():
            if isinstance(action, list) and str(action[0]) == label:
                if not self.selected:
                    raise FormError(f"action {label!r} of datatable {self.instance_id!r} is disabled: "
                                    "select a row first (client.select_rows)")
                data: Any = list(self.selected) if self.multiple else self.selected[0]
                return [{"event": "callback", "task_id": action[1], "data": data}]
        return None

    # ------------------------------------------------------------------ server operations
    def apply(self, op: dict[str, Any]) -> None:
        kind = op.get("op")
        if kind == "replace":
            self.rows, self.ids, self.selected, self.next_index = [], [], [], 0
            self._add(op.get("fields"), op.get("rows"), None)
        elif kind == "row":
            index = self._index(op.get("row_id"))
            [row] = self._rows(op.get("fields"), op.get("rows"))
            self.rows[index] = row
        elif kind == "cell":
            self.rows[self._index(op.get("row_id"))][str(op.get("field"))] = op.get("value")
        elif kind == "insert":
            before = op.get("row_id")
            self._add(op.get("fields"), op.get("rows"), None if before is None else self._index(before))
        elif kind == "remove":
            gone = {str(row_id) for row_id in op.get("row_ids") or ()}
            kept = [(i, r) for i, r in zip(self.ids, self.rows) if str(i) not in gone]
            self.ids, self.rows = [i for i, _ in kept], [r for _, r in kept]
            self.selected = [i for i in self.selected if i in self.ids]

    def _rows(self, fields: Any, rows: Any) -> list[dict[str, Any]]:
        keys = [str(f) for f in fields or ()]
        return [dict(zip(keys, values)) for values in rows or ()]

    def _add(self, fields: Any, rows: Any, at: Optional[int]) -> None:
        new = self._rows(fields, rows)
        ids: list[RowId] = []
        for row in new:
            if self.id_field is not None:
                ids.append(row.get(self.id_field))  # type: ignore[arg-type]
            else:
                ids.append(self.next_index)
                self.next_index += 1
        index = len(self.rows) if at is None else at
        self.rows[index:index] = new
        self.ids[index:index] = ids

    def _index(self, row_id: Any) -> int:
        for index, known in enumerate(self.ids):
            if str(known) == str(row_id):
                return index
        raise NotFoundError(f"datatable {self.instance_id!r} has no row with id {row_id!r}; ids are {self.ids[:20]}")

    def __repr__(self) -> str:
        return f"<Datatable {self.instance_id!r} {len(self.rows)} rows>"


_tables: WeakKeyDictionary[Node, Datatable] = WeakKeyDictionary()


def datatable_of(node: Node) -> Datatable:
    """The live state of a ``datatable`` output node."""
    table = _tables.get(node)
    if table is None:
        table = _tables[node] = Datatable(node)
    return table


def datatables(page: Page) -> Iterator[Datatable]:
    for node in page.walk():
        if node.type == "datatable":
            yield datatable_of(node)


def find_datatable(page: Page, instance_id: str) -> Datatable:
    """The datatable of this instance_id on the page (the latest one shown)."""
    found = [table for table in datatables(page) if table.instance_id == instance_id]
    if not found:
        names = [table.instance_id for table in datatables(page)]
        raise NotFoundError(f"no datatable with instance_id {instance_id!r} on the page; datatables: {names}")
    return found[-1]


def apply_datatable_ctl(page: Page, op: Any) -> None:
    """``output_ctl`` ``datatable``: change the rows of the table it names."""
    instance_id = str(op.get("instance_id")) if isinstance(op, dict) else ""
    found = [table for table in datatables(page) if table.instance_id == instance_id]
    if not found:
        page.warn(f"datatable operation for instance_id {instance_id!r}, which is not on the page")
        return
    try:
        found[-1].apply(op)
    except NotFoundError as exc:  # the browser grid logs a missing row and goes on
        page.warn(str(exc))


def render_datatable(node: Node, out: TextBuilder, visible: bool) -> None:
    datatable_of(node).render(out)
