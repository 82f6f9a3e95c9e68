"""Tables and cell spans.

A table spec is the header row followed by the data rows; a cell made with ``span()`` adds an
entry ``"r,c": {"row": n, "col": n}`` to the spec's ``span`` map, where ``r`` is the row index in
``data`` and ``c`` the index of the cell in that row's list. Plain string cells stay strings, so a
big table of text is barely bigger than its text.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ..charts.convert import dataframe_rows, is_dataframe
from .base import Output, ScopeArg, Span, content_spec


def span(content: Any, row: int = 1, col: int = 1) -> Span:
    """A table or grid cell spanning ``row`` rows and ``col`` columns.

    Example::

        put_table([
            ['C'],
            [span('E', col=2)],
        ], header=[span('A', row=2), 'B'])
    """
    return Span(content, row=row, col=col)


def _cell_spec(cell: Any, r: int, c: int, spans: dict[str, dict[str, int]]) -> Any:
    if isinstance(cell, Span):
        spans[f"{r},{c}"] = {"row": cell.row, "col": cell.col}
        cell = cell.content
    if isinstance(cell, str):
        return cell
    return content_spec(cell)


def _header_labels(header: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Labels and dict keys of a header for dict rows: keys, or (label, key) pairs."""
    labels: list[Any] = []
    keys: list[Any] = []
    for item in header:
        if isinstance(item, (tuple, list)):
            if len(item) != 2:
                raise ValueError(f"put_table() header items for dict rows are keys or (label, key) pairs, got {item!r}")
            labels.append(item[0])
            keys.append(item[1])
        else:
            labels.append(item)
            keys.append(item)
    return labels, keys


def _rows(tdata: Sequence[Any], header: Optional[Sequence[Any]]) -> tuple[list[Sequence[Any]], bool]:
    """The rows of the table (header first) and whether there is a header."""
    if not isinstance(tdata, (list, tuple)):
        raise TypeError(f"put_table() takes a list of rows (lists or dicts), got {type(tdata).__name__}")
    if header is not None and not isinstance(header, (list, tuple)):
        raise TypeError(f"put_table(header=...) must be a list, got {type(header).__name__}")
    dict_rows = [isinstance(row, dict) for row in tdata]
    if any(dict_rows):
        if not all(dict_rows):
            raise TypeError("put_table() rows must be all lists or all dicts, not a mix")
        if header is None:
            raise ValueError("put_table() with dict rows needs header=[key, ...] or [(label, key), ...] to order the columns")
        labels, keys = _header_labels(header)
        return [labels] + [[row.get(key, "") for key in keys] for row in tdata], True
    for row in tdata:
        if not isinstance(row, (list, tuple)):
            raise TypeError(f"put_table() rows must be lists (or dicts), got {row!r}")
    if header is not None:
        return [list(header)] + list(tdata), True
    return list(tdata), bool(tdata)


def put_table(tdata: Sequence[Any], header: Optional[Sequence[Any]] = None,
              scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a table (rows, or a pandas DataFrame); without ``header`` the first row is the header.

    Cells are strings, numbers, ``put_xxx()`` outputs or ``span(...)``; rows may be dicts, then
    ``header`` lists the keys (or ``(label, key)`` pairs) in column order.

    Example::

        put_table([['Name', 'Price'], ['Apple', '5.5']])
        put_table([{'Course': 'OS', 'Score': 80}], header=['Course', 'Score'])
    """
    if is_dataframe(tdata):  # pandas: the column names are the header
        header, tdata = dataframe_rows(tdata, header)
    rows, has_header = _rows(tdata, header)
    spans: dict[str, dict[str, int]] = {}
    data = [[_cell_spec(cell, r, c, spans) for c, cell in enumerate(row)] for r, row in enumerate(rows)]
    spec: dict[str, Any] = {"type": "table", "data": data, "header": has_header}
    if spans:
        spec["span"] = spans
    return Output(spec, scope=scope, position=position)
