"""The apps an endpoint serves: one function, a list (named after the functions) or a dict.

``?app=NAME`` picks one; without it the ``index`` app runs. When there is no ``index`` app and
several apps, a generated index lists them as links (manual §4.7.1).
"""
from __future__ import annotations

import functools
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union

from ..config import app_config
from ..output import put_link, put_markdown, put_text

AppFunction = Callable[..., object]
# What a plugin may pass as ``applications``: one function, a list of them, a dict name → function.
AppsArgument = Union[AppFunction, Sequence[AppFunction], Mapping[str, AppFunction], "Applications"]
INDEX = "index"


def _check(name: str, func: object) -> AppFunction:
    if not callable(func):
        raise TypeError(f"app {name!r} must be a function, got {func!r}")
    return func


class Applications:
    """Name → app function, with the generated index page."""

    def __init__(self, apps: dict[str, AppFunction]) -> None:
        if not apps:
            raise ValueError("no app to serve: pass a function, a list of functions or a dict name → function")
        self._apps = apps
        self._index = apps.get(INDEX) or (next(iter(apps.values())) if len(apps) == 1 else self._index_app)

    @property
    def names(self) -> Iterable[str]:
        return self._apps.keys()

    def resolve(self, name: Optional[str]) -> Optional[str]:
        """The app name a request asks for (``None`` or '' → index), or None if unknown."""
        if not name or name == INDEX:  # the page of the index asks for ?app=index (even a generated one)
            return INDEX
        return name if name in self._apps else None

    def get(self, name: str) -> AppFunction:
        if name == INDEX:
            return self._index
        return self._apps[name]

    def _index_app(self) -> None:
        """Apps"""
        put_markdown("## Apps")
        for name, func in self._apps.items():
            title = app_config(func).get("title") or name
            put_link(title, app=name)
            put_text(app_config(func).get("description") or "")


def app_name(func: object) -> str:
    """The name of an app given in a list: its function's name (through ``functools.partial``)."""
    while isinstance(func, functools.partial):
        func = func.func
    return str(getattr(func, "__name__", None) or type(func).__name__)


def _named(applications: Iterable[AppFunction]) -> dict[str, AppFunction]:
    apps: dict[str, AppFunction] = {}
    for func in applications:
        name = app_name(_check(repr(func), func))
        if name in apps:
            raise ValueError(f"two apps in the list are named {name!r}: pass a dict instead, "
                             f"e.g. {{'{name}': ..., '{name}2': ...}}")
        apps[name] = func
    return apps


def make_applications(applications: AppsArgument) -> Applications:
    if isinstance(applications, Applications):
        return applications
    if isinstance(applications, dict):
        return Applications({str(k): _check(str(k), v) for k, v in applications.items()})
    if isinstance(applications, (list, tuple)):
        return Applications(_named(applications))
    return Applications({INDEX: _check(INDEX, applications)})
