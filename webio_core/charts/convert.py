"""Chart and data objects that put_image / put_table take as they are: a matplotlib figure becomes
image bytes, a pandas DataFrame becomes rows under its column names.

Example::

    put_image(fig)            # matplotlib.figure.Figure, as PNG (format='svg' for a vector image)
    put_table(df)             # pandas.DataFrame: its columns are the header
"""
from __future__ import annotations

import io
from typing import Any, Optional

__all__ = ["is_figure", "figure_bytes", "is_dataframe", "dataframe_rows"]


def is_figure(src: Any) -> bool:
    """A matplotlib figure (anything with ``savefig``), told apart without importing matplotlib."""
    return callable(getattr(src, "savefig", None)) and not isinstance(src, (str, bytes))


def figure_bytes(figure: Any, fmt: Optional[str]) -> tuple[bytes, str]:
    """The figure drawn as ``fmt`` (PNG unless told), tightly cropped as notebooks show it."""
    fmt = (fmt or "png").lower()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="jpeg" if fmt == "jpg" else fmt, bbox_inches="tight")
    return buffer.getvalue(), fmt


def is_dataframe(data: Any) -> bool:
    """A pandas DataFrame (duck-typed: ``columns``, ``index`` and ``itertuples``)."""
    return all(hasattr(data, name) for name in ("columns", "index", "itertuples")) and not isinstance(data, type)


def _cell(value: Any) -> Any:
    from ..output.base import Output

    if value is None:
        return ""
    return value if isinstance(value, (str, Output)) else str(value)


def dataframe_rows(frame: Any, header: Optional[Any]) -> tuple[list[Any], list[list[Any]]]:
    """Header and rows of a DataFrame; a named or non-default index is shown as the first column."""
    index = frame.index
    with_index = any(name is not None for name in getattr(index, "names", [None])) or \
        type(index).__name__ != "RangeIndex"
    columns = [str(c) for c in frame.columns]
    if with_index:
        columns = [" / ".join(str(n) for n in index.names if n is not None)] + columns
    rows = []
    for key, *values in frame.itertuples(index=True, name=None):
        label = " / ".join(map(str, key)) if isinstance(key, tuple) else _cell(key)
        rows.append(([label] if with_index else []) + [_cell(v) for v in values])
    return (list(header) if header is not None else columns), rows
