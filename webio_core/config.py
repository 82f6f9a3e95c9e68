"""``webio.config``: page settings for all apps (direct call) or one app (decorator).

Example::

    config(title="Team tools")             # every app of this process

    @config(theme="dark", css_style="h1 {color: teal}")
    def report():
        '''Weekly report

        Numbers of the week, per team.'''
"""
from __future__ import annotations

import functools
import inspect
import types
from typing import Any, Callable, Optional, Sequence, TypeVar, Union

F = TypeVar("F", bound=Callable[..., Any])

THEMES = ("default", "dark", "sketchy", "minty", "yeti")
"""The theme names ``config(theme=...)`` accepts."""
_global_config: dict[str, Any] = {}
_ATTRIBUTE = "_webio_config"


class _ConfigDecorator(dict):  # type: ignore[type-arg]
    """What ``config(...)`` returns: applied globally already, and usable as a decorator."""

    previous: dict[str, Any] = {}

    def __call__(self, func: F) -> F:
        if not callable(func):
            raise TypeError(f"@config can only decorate an app function, not {func!r}")
        settings = dict(getattr(func, _ATTRIBUTE, {}))
        settings.update(self)
        configured = _copy_of(func)  # each decorated use has its own settings, as in PyWebIO
        setattr(configured, _ATTRIBUTE, settings)
        for key in self:  # used as a decorator: undo the global change config() made
            if key in self.previous:
                _global_config[key] = self.previous[key]
            else:
                _global_config.pop(key, None)
        return configured


def _copy_of(func: F) -> F:
    """A copy of ``func`` that takes attributes: the same code (so ``async def`` stays async),
    its own ``__dict__``. ``config(theme='dark')(f)`` must leave ``f`` itself unchanged."""
    if isinstance(func, types.FunctionType):
        copy = types.FunctionType(func.__code__, func.__globals__, func.__name__, func.__defaults__, func.__closure__)
        copy.__kwdefaults__ = func.__kwdefaults__
        copy.__qualname__ = func.__qualname__
        copy.__doc__ = func.__doc__
        copy.__module__ = func.__module__
        copy.__annotations__ = dict(func.__annotations__)
        copy.__dict__.update(func.__dict__)
        return copy  # type: ignore[return-value]
    return functools.partial(func)  # type: ignore[return-value]


def _as_list(value: Union[str, Sequence[str], None], name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not all(isinstance(v, str) for v in value):
        raise TypeError(f"config({name}=...) takes a URL string or a list of URL strings")
    return list(value)


def config(*, title: Optional[str] = None, description: Optional[str] = None, theme: Optional[str] = None,
           js_code: Optional[str] = None, js_file: Union[str, Sequence[str]] = (),
           css_style: Optional[str] = None, css_file: Union[str, Sequence[str]] = (),
           manifest: Any = None) -> _ConfigDecorator:
    """Set the page title, description (SEO), theme and injected JS/CSS of webio apps.

    Without a ``title``, an app's page is titled after the first paragraph of its function's
    docstring (the rest is the description), or else after the function's name
    (``ops_dashboard`` → "Ops dashboard").
    """
    if theme is not None and theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; available themes: {', '.join(THEMES)}")
    settings: dict[str, Any] = {}
    for key, value in (("title", title), ("description", description), ("theme", theme),
                       ("js_code", js_code), ("css_style", css_style), ("manifest", manifest)):
        if value is not None:
            settings[key] = value
    if js_file:
        settings["js_file"] = _as_list(js_file, "js_file")
    if css_file:
        settings["css_file"] = _as_list(css_file, "css_file")
    result = _ConfigDecorator(settings)
    result.previous = {key: _global_config[key] for key in settings if key in _global_config}
    _global_config.update(settings)
    return result


def _docstring_title(func: Callable[..., Any]) -> dict[str, str]:
    while isinstance(func, functools.partial):  # the docstring of the function, not of partial
        func = func.func
    doc = inspect.getdoc(func) or ""
    if not doc.strip():
        return {}
    title, _, rest = doc.strip().partition("\n\n")
    result = {"title": " ".join(title.split())}
    if rest.strip():
        result["description"] = " ".join(rest.split())
    return result


def page_title(func: Optional[Callable[..., Any]], app_name: str) -> str:
    """The title of an app's page: its configured or docstring title, else its function's name
    (``ops_dashboard`` → "Ops dashboard"), else the app's name."""
    title = app_config(func).get("title")
    if title:
        return str(title)
    while isinstance(func, functools.partial):
        func = func.func
    name = getattr(func, "__name__", "")
    if not name.isidentifier() or name.startswith("_"):  # a lambda, a callable object, a private helper
        return app_name
    words = name.replace("_", " ").strip()
    return words[0].upper() + words[1:]


def app_config(func: Optional[Callable[..., Any]]) -> dict[str, Any]:
    """The settings of one app: its decorator, then the global config, then its docstring."""
    merged: dict[str, Any] = {}
    if func is not None:
        merged.update(_docstring_title(func))
    merged.update(_global_config)
    if func is not None:
        merged.update(getattr(func, _ATTRIBUTE, {}))
    return merged
