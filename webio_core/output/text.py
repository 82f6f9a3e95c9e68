"""Text-like outputs: plain text, Markdown, HTML, code, links and alert messages.

Everything but ``put_html`` travels as text and is escaped by the browser; Markdown is rendered in
the browser and sanitized there unless the app passes ``sanitize=False``. ``put_html`` shows the
app's own HTML as it is (``sanitize=True`` filters it), as documented.
"""
from __future__ import annotations

import textwrap
import warnings
from typing import Any, Optional

from ..charts.localize import localize_html
from .base import Output, ScopeArg, contents_spec
from .checks import check_bool


def put_text(*texts: Any, sep: str = " ", inline: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show plain text; non-strings go through ``str()``.

    Example::

        put_text("Hello", name, sep=", ")
    """
    content = str(sep).join(str(text) for text in texts)
    return Output({"type": "text", "content": content, "inline": check_bool("put_text", "inline", inline)},
                  scope=scope, position=position)


def strip_markdown_indent(text: str) -> str:
    """Remove the indentation a triple-quoted string gets from the code around it.

    The first line (often on the line of the opening quotes) is stripped on its own; the others lose
    the indentation they all share, so nested lists and code blocks keep their relative indent.
    """
    first, _, rest = text.partition("\n")
    if not _:
        return first.lstrip()
    return first.lstrip() + "\n" + textwrap.dedent(rest)


def put_markdown(mdcontent: str, lstrip: bool = True, options: Optional[dict[str, Any]] = None,
                 sanitize: bool = True, scope: ScopeArg = None, position: int = -1, **kwargs: Any) -> Output:
    """Show Markdown, rendered in the browser and sanitized there unless ``sanitize=False``.

    Example::

        put_markdown('''
            # Title
            Some *emphasis*.
        ''')
    """
    if "strip_indent" in kwargs:
        kwargs.pop("strip_indent")
        warnings.warn("put_markdown(strip_indent=...) is deprecated: lstrip=True (the default) removes the indent",
                      DeprecationWarning, stacklevel=2)
    if kwargs:
        raise TypeError(f"put_markdown() got unexpected arguments {sorted(kwargs)}")
    text = str(mdcontent)
    if lstrip:
        text = strip_markdown_indent(text)
    spec: dict[str, Any] = {"type": "markdown", "content": text, "options": _marked_options(options),
                            "sanitize": check_bool("put_markdown", "sanitize", sanitize)}
    return Output(spec, scope=scope, position=position)


def _marked_options(options: Optional[dict[str, Any]]) -> dict[str, Any]:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise TypeError(f"put_markdown(options=...) must be a dict of marked options, got {options!r}")
    for key, value in options.items():
        if not isinstance(key, str) or not isinstance(value, (str, bool)):
            raise TypeError(f"put_markdown(options=...) supports string and boolean values only, got {key!r}: {value!r}")
    return dict(options)


def put_html(html: Any, sanitize: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show the app's own HTML; ``sanitize=True`` filters out scripts and event handlers.

    Objects with IPython's ``_repr_html_`` (pandas DataFrames, charts) are accepted too.

    Example::

        put_html('X<sup>2</sup>')
    """
    repr_html = getattr(html, "_repr_html_", None)
    content = repr_html() if callable(repr_html) else html
    if not isinstance(content, str):
        raise TypeError(f"put_html() takes an HTML string (or an object with _repr_html_), got {html!r}")
    sanitize = check_bool("put_html", "sanitize", sanitize)
    spec = {"type": "html", "content": content if sanitize else localize_html(content), "sanitize": sanitize}
    return Output(spec, scope=scope, position=position)


def put_code(content: Any, language: str = "", rows: Optional[int] = None,
             scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a code block, highlighted for ``language``; ``rows`` limits the visible lines.

    Example::

        put_code('print("hi")', language='python', rows=10)
    """
    if rows is not None and (isinstance(rows, bool) or not isinstance(rows, int) or rows < 1):
        raise ValueError(f"put_code(rows=...) must be a positive number of lines or None, got {rows!r}")
    spec = {"type": "code", "content": str(content), "language": str(language or ""), "rows": rows}
    return Output(spec, scope=scope, position=position)


def put_link(name: str, url: Optional[str] = None, app: Optional[str] = None, new_window: bool = False,
             scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a link to a URL, or to another app of the same server (``app='name'``).

    Example::

        put_link('docs', 'https://example.org/docs', new_window=True)
        put_link('Go to the admin app', app='admin')
    """
    if (url is None) == (app is None):
        raise ValueError("put_link() needs exactly one of url= (a web address) or app= (an app name of this server)")
    spec: dict[str, Any] = {"type": "link", "content": str(name),
                            "new_window": check_bool("put_link", "new_window", new_window)}
    if url is not None:
        spec["url"] = str(url)
    else:
        spec["app"] = str(app)
    return Output(spec, scope=scope, position=position)


def _alert(function: str, color: str, contents: tuple[Any, ...], closable: bool, scope: ScopeArg, position: int) -> Output:
    spec = {"type": "alert", "color": color, "contents": contents_spec(list(contents)),
            "closable": check_bool(function, "closable", closable)}
    return Output(spec, scope=scope, position=position).enable_context_manager()


def put_info(*contents: Any, closable: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show an information message box; contents are strings or ``put_xxx()`` outputs.

    Example::

        put_info('Saved.', put_link('open', url='/files'), closable=True)
    """
    return _alert("put_info", "info", contents, closable, scope, position)


def put_success(*contents: Any, closable: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a success message box (see ``put_info``)."""
    return _alert("put_success", "success", contents, closable, scope, position)


def put_warning(*contents: Any, closable: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a warning message box (see ``put_info``)."""
    return _alert("put_warning", "warning", contents, closable, scope, position)


def put_error(*contents: Any, closable: bool = False, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show an error message box (see ``put_info``)."""
    return _alert("put_error", "danger", contents, closable, scope, position)
