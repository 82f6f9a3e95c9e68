"""Outputs that hold other outputs: tabs, collapsible panels, scrollable boxes, custom widgets."""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from .base import Output, ScopeArg, content_spec, contents_spec
from .checks import check_bool


def _contents(content: Any) -> list[Any]:
    return [] if content is None else contents_spec(content)


def put_tabs(tabs: Sequence[dict[str, Any]], scope: ScopeArg = None, position: int = -1) -> Output:
    """Show tabs; each tab is ``{'title': str, 'content': str / put_xxx() / list of them}``.

    Example::

        put_tabs([
            {'title': 'Text', 'content': 'Hello world'},
            {'title': 'Markdown', 'content': put_markdown('~~Strikethrough~~')},
        ])
    """
    if not isinstance(tabs, (list, tuple)):
        raise TypeError("put_tabs() takes a list of {'title': ..., 'content': ...} dicts")
    specs = []
    for tab in tabs:
        if not isinstance(tab, dict) or "title" not in tab or "content" not in tab:
            raise ValueError(f"put_tabs() tabs are dicts with 'title' and 'content', got {tab!r}")
        specs.append({"title": str(tab["title"]), "contents": _contents(tab["content"])})
    return Output({"type": "tabs", "tabs": specs}, scope=scope, position=position)


def put_collapse(title: Any, content: Any = (), open: bool = False,  # noqa: A002 (documented name)
                 scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a panel that opens and closes when its title is clicked; usable with ``with``.

    Example::

        put_collapse('Details', [put_text('text'), put_markdown('~~del~~')], open=True)
        with put_collapse('Log'):
            put_text('line 1')
    """
    spec = {"type": "collapse", "title": content_spec(title), "contents": _contents(content),
            "open": check_bool("put_collapse", "open", open)}
    return Output(spec, scope=scope, position=position).enable_context_manager()


def _heights(height: Any) -> tuple[Optional[int], Optional[int]]:
    if height is None:
        return None, None
    if isinstance(height, (tuple, list)) and len(height) == 2:
        low, high = height
    else:
        low = high = height
    for value in (low, high):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"put_scrollable(height=...) takes pixels: an int, a (min, max) pair or None; got {height!r}")
    return low, high


def put_scrollable(content: Any = (), height: Union[int, tuple[int, int], None] = 400, keep_bottom: bool = False,
                   border: bool = True, scope: ScopeArg = None, position: int = -1, **kwargs: Any) -> Output:
    """Show a box of fixed height (pixels, or a ``(min, max)`` pair) that scrolls its content.

    Example::

        put_scrollable(put_scope('log'), height=200, keep_bottom=True)
        put_text('new line', scope='log')
    """
    horizon_scroll = kwargs.pop("horizon_scroll", False)
    if kwargs:
        raise TypeError(f"put_scrollable() got unexpected arguments {sorted(kwargs)}")
    min_height, max_height = _heights(height)
    spec = {"type": "scrollable", "contents": _contents(content), "min_height": min_height, "max_height": max_height,
            "keep_bottom": check_bool("put_scrollable", "keep_bottom", keep_bottom),
            "border": check_bool("put_scrollable", "border", border),
            "horizon_scroll": check_bool("put_scrollable", "horizon_scroll", horizon_scroll)}
    return Output(spec, scope=scope, position=position).enable_context_manager()


def _widget_data(value: Any, path: str) -> Any:
    """``data`` with every output embedded; only JSON values are allowed around them."""
    if isinstance(value, Output):
        return value.embed()
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"put_widget() data keys must be strings, got {key!r} at {path}")
            result[key] = _widget_data(item, f"{path}.{key}")
        return result
    if isinstance(value, (list, tuple)):
        return [_widget_data(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"put_widget() data can hold put_xxx() outputs, str, numbers, bools, lists and dicts; "
                    f"got {type(value).__name__} at {path}")


def put_widget(template: str, data: dict[str, Any], scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a mustache template rendered with ``data``; ``{{& pywebio_output_parse}}`` shows outputs in it.

    Example::

        put_widget('<details><summary>{{title}}</summary>{{#items}}{{& pywebio_output_parse}}{{/items}}</details>',
                   {'title': 'More', 'items': ['text', put_markdown('**bold**')]})
    """
    if not isinstance(template, str):
        raise TypeError(f"put_widget() template must be a mustache template string, got {template!r}")
    if not isinstance(data, dict):
        raise TypeError(f"put_widget() data must be a dict, got {type(data).__name__}")
    spec = {"type": "custom_widget", "template": template, "data": _widget_data(data, "data")}
    return Output(spec, scope=scope, position=position)
