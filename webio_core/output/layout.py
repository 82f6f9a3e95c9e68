"""Layout: rows, columns, grids, scopes as outputs, and the ``style()`` function.

``None`` in a row/column/grid is a gap (10px unless ``size`` says otherwise). A ``span()`` cell of
a grid is sent as its content with ``grid-column``/``grid-row`` spans added to its CSS style, so
the browser needs nothing grid-specific for it.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from .base import Output, OutputList, ScopeArg, Span, check_scope_name, content_spec, contents_spec, scope_selector
from .checks import check_choice, check_css_size


def _check_size(function: str, name: str, size: Any) -> Optional[str]:
    if size is None:
        return None
    if not isinstance(size, str):
        raise TypeError(f"{function}({name}=...) must be a string of CSS sizes separated by spaces, e.g. '40% 10px 60%'")
    return check_css_size(function, name, size)


def _items(function: str, content: Any) -> list[Any]:
    if content is None:
        return []
    if not isinstance(content, (list, tuple)):
        content = [content]
    return [content_spec(item) for item in content]


def put_row(content: Sequence[Any] = (), size: Optional[str] = None, scope: ScopeArg = None, position: int = -1) -> Output:
    """Lay outputs out side by side; ``None`` is a gap; ``size`` is a CSS grid template.

    Example::

        put_row([put_code('A'), None, put_code('B')], size='40% 10px 60%')
    """
    spec = {"type": "row", "contents": _items("put_row", content), "size": _check_size("put_row", "size", size)}
    return Output(spec, scope=scope, position=position).enable_context_manager()


def put_column(content: Sequence[Any] = (), size: Optional[str] = None, scope: ScopeArg = None,
               position: int = -1) -> Output:
    """Lay outputs out one under another; ``None`` is a gap; ``size`` is a CSS grid template.

    Example::

        put_column([put_text('top'), None, put_text('bottom')], size='1fr 10px 1fr')
    """
    spec = {"type": "column", "contents": _items("put_column", content), "size": _check_size("put_column", "size", size)}
    return Output(spec, scope=scope, position=position).enable_context_manager()


def _grid_cell(cell: Any) -> Any:
    if not isinstance(cell, Span):
        return content_spec(cell)
    inner = cell.content
    spec = inner.embed() if isinstance(inner, Output) else {"type": "text", "content": "" if inner is None else str(inner)}
    spans = f"grid-column: span {cell.col}; grid-row: span {cell.row}"
    spec["style"] = f"{spec['style']};{spans}" if spec.get("style") else spans
    return spec


def _grid_extent(content: Sequence[Sequence[Any]], direction: str) -> tuple[int, int]:
    """(lines, cells per line) of a grid given as lines (rows, or columns when ``direction='column'``),
    counting the cells a ``span()`` covers in its own line and the lines after it."""
    along, across = ("col", "row") if direction == "row" else ("row", "col")
    used: dict[int, int] = {}
    for index, line in enumerate(content):
        for cell in line:
            size = getattr(cell, along) if isinstance(cell, Span) else 1
            reach = getattr(cell, across) if isinstance(cell, Span) else 1
            for offset in range(reach):
                used[index + offset] = used.get(index + offset, 0) + size
    lines = max([len(content), *(index + 1 for index in used)])
    return lines, max(used.values(), default=0)


def put_grid(content: Sequence[Sequence[Any]], cell_width: str = "auto", cell_height: str = "auto",
             cell_widths: Optional[str] = None, cell_heights: Optional[str] = None, direction: str = "row",
             scope: ScopeArg = None, position: int = -1) -> Output:
    """Lay outputs out on a grid given as a list of rows; ``None`` is an empty cell, ``span()`` merges cells.

    Example::

        put_grid([
            [put_text('A'), put_text('B'), put_text('C')],
            [None, span(put_text('D'), col=2, row=1)],
        ], cell_width='100px', cell_height='100px')
    """
    if not isinstance(content, (list, tuple)) or not all(isinstance(row, (list, tuple)) for row in content):
        raise TypeError("put_grid() takes a list of rows, each a list of cells: put_grid([[a, b], [c, d]])")
    if cell_widths is not None and cell_width != "auto":
        raise ValueError("put_grid() takes cell_width or cell_widths, not both")
    if cell_heights is not None and cell_height != "auto":
        raise ValueError("put_grid() takes cell_height or cell_heights, not both")
    direction = check_choice("put_grid", "direction", direction, ("row", "column"))
    width = check_css_size("put_grid", "cell_width", cell_width)
    height = check_css_size("put_grid", "cell_height", cell_height)
    lines, cells_per_line = _grid_extent(content, direction)
    columns, rows = (cells_per_line, lines) if direction == "row" else (lines, cells_per_line)
    spec = {
        "type": "grid",
        "contents": [[_grid_cell(cell) for cell in row] for row in content],
        "cell_width": width,
        "cell_height": height,
        # The tracks are counted here, spans included, so spanned cells sit where the rows say.
        "cell_widths": _check_size("put_grid", "cell_widths", cell_widths) or f"repeat({max(columns, 1)}, {width})",
        "cell_heights": _check_size("put_grid", "cell_heights", cell_heights) or f"repeat({max(rows, 1)}, {height})",
        "direction": direction,
    }
    return Output(spec, scope=scope, position=position)


def put_scope(name: str, content: Any = (), scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a new scope named ``name`` (with initial content) that later outputs can target.

    Example::

        put_table([['Tom', put_scope('hobby', content=put_text('Coding'))]])
        put_text('Music', scope='hobby')
    """
    dom_id = scope_selector(check_scope_name(name))[1:]
    spec = {"type": "scope", "dom_id": dom_id, "contents": contents_spec(content) if content is not None else []}
    return Output(spec, scope=scope, position=position)


def style(outputs: Union[Output, Sequence[Output]], css_style: str) -> Any:
    """Add CSS to an output or to each output of a list, and return it (deprecated: use ``.style()``).

    Example::

        put_table([['A', style(put_text('Red'), 'color:red')]])
    """
    if isinstance(outputs, Output):
        return outputs.style(css_style)
    if isinstance(outputs, (list, tuple)):
        for item in outputs:
            if not isinstance(item, Output):
                raise TypeError(f"style() styles put_xxx() outputs; got {item!r} in the list")
            item.style(css_style)
        return OutputList(outputs)
    raise TypeError(f"style() takes a put_xxx() output or a list of them, got {outputs!r}")
