"""``put_datatable``: a data grid (AG Grid Community) with selection, actions and live row updates.

Wire format (docs/protocol.md, "datatable"): rows travel column-wise compact, as ``fields`` (one
key per column) and ``rows`` (one list of cell values per record), so 100,000 rows cost little more
than their values. A nested dict in a record becomes several columns under a group header; the
column key is the path joined with ``.`` (``{'info': {'age': 1}}`` → ``info.age``). Cell values are
JSON scalars shown as text by the grid; anything else is sent as ``str(value)``.

Row ids: the value of ``id_field`` in each record, or by default the index of the record in
``records`` (rows added later by ``datatable_insert`` continue the count in the browser).
``datatable_update/insert/remove`` send ``output_ctl`` with a ``datatable`` key that names the
table by ``instance_id``.
"""
from __future__ import annotations

import json
import logging
import math
import uuid
import warnings
from operator import methodcaller
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ..session.context import get_current_session
from .base import Output, ScopeArg, output_ctl
from .checks import check_bool, check_callable, check_css_size

logger = logging.getLogger("webio.output")

THEMES = ("balham", "alpine", "alpine-dark", "balham-dark", "material", "quartz", "quartz-dark")
RowId = Union[str, int]
FieldPath = tuple[str, ...]
SelectCallback = Callable[[Any], Any]

_SCALARS = (str, int, bool)
_PLAIN = {str, int, bool, type(None)}  # cells sent as they are
_NUMBERS = {int, float, bool}
_STR_KEYS = {str}


# ---------------------------------------------------------------------------- cells and records
def cell_value(value: Any) -> Any:
    """A JSON scalar for one cell: NaN/inf become None, numpy scalars their Python value, others str."""
    if value is None or type(value) in _SCALARS:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int)):  # subclasses (enums, numpy.str_)
        return str(value) if isinstance(value, str) else int(value)
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__.startswith("numpy"):
        try:
            return cell_value(item())
        except (TypeError, ValueError):
            pass
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    try:
        if value != value:  # other not-a-number markers (Decimal('NaN'), ...)  # noqa: PLR0124
            return None
    except (TypeError, ValueError):  # comparisons that return arrays or refuse
        pass
    return str(value)


def _column(values: list[Any]) -> list[Any]:
    """``cell_value`` of each value of a column, skipped when every value is plain (or a finite number)."""
    types = set(map(type, values))
    if types <= _PLAIN:
        return values
    if types <= _NUMBERS:
        try:
            if all(map(math.isfinite, values)):
                return values
        except OverflowError:
            pass
    return [cell_value(value) for value in values]


def _path(key: Any) -> FieldPath:
    """A column path: a tuple key (nested field, DataFrame MultiIndex column) or a single name."""
    if isinstance(key, tuple):
        return tuple(str(part) for part in key)
    return (str(key),)


def field_key(path: FieldPath) -> str:
    """The column key the browser uses for a field path: ``('info', 'age')`` → ``'info.age'``."""
    return ".".join(path)


class Records:
    """Records with nested dicts flattened: ``rows`` map column keys to values, ``paths`` keeps the
    field path of each key that is not a plain top-level name. Flat dicts with str keys are used
    as they are (no copy: 100,000 rows must stay cheap)."""

    def __init__(self, records: Any, function: str) -> None:
        if hasattr(records, "to_dict") and hasattr(records, "columns") and not isinstance(records, Mapping):
            records = records.to_dict("records")  # pandas.DataFrame: one dict per row
        if isinstance(records, Mapping):
            records = [records]
        if isinstance(records, (str, bytes)) or not isinstance(records, (list, tuple)):
            raise TypeError(f"{function}() takes a list of dicts or a pandas DataFrame, got {type(records).__name__}")
        self.paths: dict[str, FieldPath] = {}
        self.rows: list[Mapping[str, Any]] = [self._row(record, function) for record in records]

    def _row(self, record: Any, function: str) -> Mapping[str, Any]:
        if not isinstance(record, Mapping):
            raise TypeError(f"{function}() records are dicts (one per row), got {type(record).__name__} {record!r:.80}")
        if dict in map(type, record.values()) or not _STR_KEYS >= set(map(type, record)):
            out: dict[str, Any] = {}
            self._flatten(record, (), out)
            return out
        return record

    def _flatten(self, record: Mapping[Any, Any], prefix: FieldPath, out: dict[str, Any]) -> None:
        for key, value in record.items():
            path = prefix + _path(key)
            if isinstance(value, dict):
                self._flatten(value, path, out)
            else:
                name = field_key(path)
                self.paths.setdefault(name, path)
                out[name] = value

    def path(self, key: str) -> FieldPath:
        return self.paths.get(key) or (key,)

    def first_paths(self) -> list[FieldPath]:
        """The field paths of the first record: the default columns (as PyWebIO)."""
        return [self.path(key) for key in self.rows[0]] if self.rows else []

    def discover(self) -> list[FieldPath]:
        """Every field path in the records, in first-seen order."""
        seen: dict[str, None] = {}
        for row in self.rows:
            if not row.keys() <= seen.keys():
                for key in row:
                    seen.setdefault(key, None)
        return [self.path(key) for key in seen]

    def encode(self, paths: list[FieldPath]) -> list[list[Any]]:
        """The cell values of each record in the order of ``paths`` (None where a record has none)."""
        keys = [field_key(path) for path in paths]
        if not keys:
            return [[] for _ in self.rows]
        columns = [_column(list(map(methodcaller("get", key), self.rows))) for key in keys]
        return list(map(list, zip(*columns)))  # column by column, at C speed for plain values

    def payload(self) -> dict[str, Any]:
        """``{"fields": [...], "rows": [[...]]}`` for records sent after the table exists."""
        paths = self.discover()
        return {"fields": [field_key(p) for p in paths], "rows": self.encode(paths)}


# ---------------------------------------------------------------------------- columns
def _order_paths(column_order: Any, found: list[FieldPath], prefix: FieldPath = ()) -> list[FieldPath]:
    """The shown leaf paths, in the order ``column_order`` gives (list of names/paths, or nested dict)."""
    ordered: list[FieldPath] = []
    if isinstance(column_order, Mapping):
        items: list[tuple[Any, Any]] = list(column_order.items())
    elif isinstance(column_order, (list, tuple)):
        items = [(name, None) for name in column_order]
    else:
        raise TypeError("put_datatable(column_order=...) must be a list of column names or a dict for nested "
                        f"columns (e.g. {{'name': None, 'info': ['age']}}), got {column_order!r}")
    for name, sub in items:
        path = prefix + _path(name)
        if sub is not None:
            ordered += _order_paths(sub, found, path)
            continue
        under = [p for p in found if p[:len(path)] == path]
        ordered += under or [path]  # a column without data yet: rows may come with datatable_insert
    return ordered


def _column_defs(paths: list[FieldPath], column_args: Mapping[Any, Any]) -> list[dict[str, Any]]:
    """AG Grid column definitions; consecutive paths sharing a first part become a header group.

    A str key of ``column_args`` applies to every column of that name (``'b'``: ``b`` and ``a.b``),
    a tuple key to the column or group at that path only."""
    by_name: dict[str, Any] = {}
    by_path: dict[FieldPath, Any] = {}
    for key, value in column_args.items():
        if not isinstance(value, Mapping):
            raise TypeError(f"put_datatable(column_args={{{key!r}: ...}}) must be a dict of AG Grid column options, "
                            f"got {value!r}")
        if isinstance(key, tuple):
            by_path[_path(key)] = value
        else:
            by_name[str(key)] = value

    def build(group: list[FieldPath], depth: int) -> list[dict[str, Any]]:
        defs: list[dict[str, Any]] = []
        i = 0
        while i < len(group):
            path = group[i]
            if len(path) == depth + 1:
                col: dict[str, Any] = {"field": field_key(path), "headerName": path[depth]}
                col.update(by_name.get(path[-1], {}))
                col.update(by_path.get(path, {}))
                defs.append(col)
                i += 1
                continue
            head = path[:depth + 1]
            j = i
            while j < len(group) and group[j][:depth + 1] == head and len(group[j]) > depth + 1:
                j += 1
            col = {"headerName": head[depth], "children": build(group[i:j], depth + 1)}
            col.update(by_path.get(head) or (by_name.get(head[0], {}) if depth == 0 else {}))
            defs.append(col)
            i = j
        return defs

    return build(paths, 0)


# ---------------------------------------------------------------------------- JavaScript functions
def _js_function(value: Any) -> Optional[tuple[list[str], str]]:
    """``(params, body)`` of a ``JSFunction`` (duck-typed: ``params``/``args`` and ``body``)."""
    body = getattr(value, "body", None)
    if type(value).__name__ != "JSFunction" or not isinstance(body, str):
        return None
    params: Any = getattr(value, "params", None)
    if params is None:
        params = getattr(value, "args", None) or ()
    return [str(p) for p in params], body


def extract_functions(value: Any, path: list[Any], found: list[list[Any]]) -> Any:
    """A JSON copy of ``value`` with each JSFunction replaced by None and listed as ``[path, params, body]``."""
    function = _js_function(value)
    if function is not None:
        found.append([list(path), function[0], function[1]])
        return None
    if isinstance(value, Mapping):
        return {str(k): extract_functions(v, path + [str(k)], found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [extract_functions(v, path + [i], found) for i, v in enumerate(value)]
    return value


# ---------------------------------------------------------------------------- callbacks
def _valid_id(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _selection_handler(func: SelectCallback, multiple: bool, what: str) -> Callable[[Any], Any]:
    """Calls ``func`` with the row id (or list of ids) the browser sent, after checking its shape."""
    def on_event(data: Any) -> Any:
        if multiple:
            if not isinstance(data, list) or not all(_valid_id(item) for item in data):
                logger.warning("ignored a datatable %s event: expected a list of row ids, got %.100r", what, data)
                return None
        elif not _valid_id(data):
            logger.warning("ignored a datatable %s event: expected a row id, got %.100r", what, data)
            return None
        return func(data)

    return on_event


def _actions(actions: Optional[Sequence[Any]], multiple: bool) -> list[Optional[list[str]]]:
    session = get_current_session("put_datatable")
    specs: list[Optional[list[str]]] = []
    for item in actions or ():
        if item is None:
            specs.append(None)  # a separator between groups of buttons
            continue
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise TypeError("put_datatable(actions=...) items are (label, callback) pairs or None "
                            f"for a separator, got {item!r}")
        label, callback = item
        check_callable("put_datatable", "actions", callback)
        specs.append([str(label), session.register_callback(_selection_handler(callback, multiple, "action"))])
    return specs


# ---------------------------------------------------------------------------- public API
def put_datatable(records: Any, actions: Optional[Sequence[Any]] = None,
                  onselect: Optional[SelectCallback] = None, multiple_select: bool = False,
                  id_field: Optional[Union[str, tuple[str, ...]]] = None, height: Union[str, int] = 600,
                  theme: str = "balham", cell_content_bar: bool = True, instance_id: str = "",
                  column_order: Optional[Union[Sequence[Any], Mapping[str, Any]]] = None,
                  column_args: Optional[Mapping[Any, Mapping[str, Any]]] = None,
                  grid_args: Optional[Mapping[str, Any]] = None, enterprise_key: str = "",
                  scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a data grid of ``records`` (list of dicts or a pandas DataFrame) with sorting, filters,
    row selection (``onselect``), ``actions`` on the selected rows and virtual scrolling.

    Example::

        put_datatable([{'name': 'Ada', 'age': 36}, {'name': 'Alan', 'age': 41}],
                      actions=[('Delete', lambda row_id: datatable_remove('people', row_id))],
                      onselect=lambda row_id: toast(f'row {row_id}'), instance_id='people')
    """
    check_bool("put_datatable", "multiple_select", multiple_select)
    check_bool("put_datatable", "cell_content_bar", cell_content_bar)
    if theme not in THEMES:
        raise ValueError(f"put_datatable(theme={theme!r}) is not supported: use one of {', '.join(THEMES)}")
    if not isinstance(instance_id, str):
        raise TypeError(f"put_datatable(instance_id=...) must be a str, got {instance_id!r}")
    if enterprise_key:
        warnings.warn("put_datatable(enterprise_key=...): webio ships AG Grid Community only (served offline); "
                      "the key is ignored and enterprise features are not available", stacklevel=2)
    if onselect is not None:
        check_callable("put_datatable", "onselect", onselect)
    css_height = "auto" if height == "auto" else check_css_size("put_datatable", "height", height)

    table = Records(records, "put_datatable")
    paths = _order_paths(column_order, table.discover()) if column_order is not None else table.first_paths()
    id_path = _path(id_field) if id_field is not None else None
    ids: Optional[list[Any]] = None
    if id_path is not None:
        ids = []
        id_key = field_key(id_path)
        for index, row in enumerate(table.rows):
            if id_key not in row:
                raise ValueError(f"put_datatable(id_field={id_field!r}): record {index} has no such field; "
                                 "give every record an id, or leave id_field out to use the row index")
            ids.append(cell_value(row[id_key]))
        if len(set(map(str, ids))) != len(ids):
            raise ValueError(f"put_datatable(id_field={id_field!r}): row ids must be unique (as text: 1 and '1' clash)")
    stored = paths if id_path is None or id_path in paths else paths + [id_path]

    if column_args is not None and not isinstance(column_args, Mapping):
        raise TypeError(f"put_datatable(column_args=...) must be a dict {{column name: AG Grid column options}}, "
                        f"got {column_args!r}")
    if grid_args is not None and not isinstance(grid_args, Mapping):
        raise TypeError(f"put_datatable(grid_args=...) must be a dict of AG Grid options, got {grid_args!r}")
    column_functions: list[list[Any]] = []
    grid_functions: list[list[Any]] = []
    columns = extract_functions(_column_defs(paths, column_args or {}), [], column_functions)
    options = extract_functions(dict(grid_args or {}), [], grid_functions)
    try:
        json.dumps([columns, options])
    except (TypeError, ValueError) as exc:
        raise TypeError(f"put_datatable(column_args / grid_args) must hold JSON values or JSFunction: {exc}") from None

    session = get_current_session("put_datatable")
    spec: dict[str, Any] = {
        "type": "datatable",
        "instance_id": instance_id or "dt-" + uuid.uuid4().hex[:12],
        "fields": [field_key(p) for p in stored],
        "rows": table.encode(stored),
        "id_field": field_key(id_path) if id_path is not None else None,
        "columns": columns,
        "grid_args": options,
        "functions": {"columns": column_functions, "grid": grid_functions},
        "multiple_select": multiple_select,
        "height": css_height,
        "theme": theme,
        "cell_content_bar": cell_content_bar,
        "actions": _actions(actions, multiple_select),
        "onselect": session.register_callback(_selection_handler(onselect, multiple_select, "select"))
        if onselect is not None else None,
    }
    return Output(spec, session, scope=scope, position=position)


def _check_instance(function: str, instance_id: Any) -> str:
    if not isinstance(instance_id, str) or not instance_id:
        raise TypeError(f"{function}() needs the instance_id given to put_datatable(instance_id=...), got {instance_id!r}")
    return instance_id


def _send(function: str, op: dict[str, Any]) -> None:
    output_ctl(get_current_session(function), datatable=op)


def datatable_update(instance_id: str, data: Any, row_id: Optional[RowId] = None,
                     field: Optional[Union[str, Sequence[str]]] = None) -> None:
    """Replace the whole table (``row_id`` None), one row (``row_id``), or one cell (``row_id`` and ``field``).

    Example::

        datatable_update('people', {'name': 'Ada L.', 'age': 37}, row_id=0)
        datatable_update('people', 38, row_id=0, field='age')
    """
    instance_id = _check_instance("datatable_update", instance_id)
    if row_id is None:
        if field is not None:
            raise ValueError("datatable_update(field=...) needs row_id=...: a field is a cell of one row")
        _send("datatable_update", {"instance_id": instance_id, "op": "replace",
                                   **Records(data, "datatable_update").payload()})
        return
    if not _valid_id(row_id):
        raise TypeError(f"datatable_update(row_id=...) must be a row id (str or int), got {row_id!r}")
    if field is not None:
        path = _path(tuple(field)) if isinstance(field, (list, tuple)) else _path(field)
        _send("datatable_update", {"instance_id": instance_id, "op": "cell", "row_id": row_id,
                                   "field": field_key(path), "value": cell_value(data)})
        return
    _send("datatable_update", {"instance_id": instance_id, "op": "row", "row_id": row_id,
                               **Records([data], "datatable_update").payload()})


def datatable_insert(instance_id: str, records: Any, row_id: Optional[RowId] = None) -> None:
    """Insert rows (a dict, a list of dicts or a DataFrame) before row ``row_id``, or at the end.

    Example::

        datatable_insert('people', [{'name': 'Grace', 'age': 45}])
    """
    instance_id = _check_instance("datatable_insert", instance_id)
    if row_id is not None and not _valid_id(row_id):
        raise TypeError(f"datatable_insert(row_id=...) must be a row id (str or int) or None, got {row_id!r}")
    _send("datatable_insert", {"instance_id": instance_id, "op": "insert", "row_id": row_id,
                               **Records(records, "datatable_insert").payload()})


def datatable_remove(instance_id: str, row_ids: Union[RowId, Sequence[RowId]]) -> None:
    """Remove the rows whose ids are given (one id or a list).

    Example::

        datatable_remove('people', [0, 2])
    """
    instance_id = _check_instance("datatable_remove", instance_id)
    ids = list(row_ids) if isinstance(row_ids, (list, tuple)) else [row_ids]
    for item in ids:
        if not _valid_id(item):
            raise TypeError(f"datatable_remove(row_ids=...) takes row ids (str or int), got {item!r}")
    _send("datatable_remove", {"instance_id": instance_id, "op": "remove", "row_ids": ids})
