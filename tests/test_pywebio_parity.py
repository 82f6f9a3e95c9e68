"""API parity with PyWebIO 1.8.4: every public name exists here, and every PyWebIO parameter is
accepted in the same position (ours may add parameters after PyWebIO's).

PyWebIO is installed in the test environment only to read its signatures (``webio[test]``).
"""
from __future__ import annotations

import contextlib
import importlib
import inspect
import warnings
from typing import Any, Iterator

import pytest


@contextlib.contextmanager
def _keeping_webio_bokeh_hooks() -> Iterator[None]:
    """PyWebIO registers its own Bokeh notebook hook named 'pywebio' when imported; webio has one of
    that name already (PyWebIO programs run unchanged), so PyWebIO's registration is skipped here."""
    try:
        import bokeh.io
        from bokeh.io import notebook
    except ImportError:
        yield
        return
    plain = notebook.install_notebook_hook

    def install(notebook_type: str, *args: Any, **kwargs: Any) -> None:
        if notebook_type not in notebook._HOOKS:
            plain(notebook_type, *args, **kwargs)

    notebook.install_notebook_hook = bokeh.io.install_notebook_hook = install
    try:
        yield
    finally:
        notebook.install_notebook_hook = bokeh.io.install_notebook_hook = plain


with warnings.catch_warnings(), _keeping_webio_bokeh_hooks():
    warnings.simplefilter("ignore")
    import pywebio  # webio[test] pins pywebio==1.8.4
    for _path in ("input", "output", "session", "pin", "platform", "platform.tornado", "platform.tornado_http",
                  "platform.flask", "platform.django", "platform.aiohttp", "platform.fastapi", "utils"):
        importlib.import_module("pywebio." + _path)

assert pywebio.__version__ == "1.8.4", f"the parity test reads PyWebIO 1.8.4's API, found {pywebio.__version__}"

# Names that live in other branches until they are merged; the lead empties this set at merge time.
PENDING_IN_OTHER_BRANCHES: set[str] = set()

# Public names of modules without ``__all__`` in PyWebIO (the platform modules of manual §4.5).
DOCUMENTED_NAMES = {
    "": ["start_server", "config", "STATIC_PATH", "enable_debug", "SessionException", "SessionClosedException",
         "SessionNotFoundException"],
    "platform": ["start_server", "path_deploy", "path_deploy_http", "run_event_loop", "config", "seo"],
    "platform.tornado": ["start_server", "webio_handler"],
    "platform.tornado_http": ["start_server", "webio_handler"],
    "platform.flask": ["webio_view", "wsgi_app", "start_server"],
    "platform.django": ["webio_view", "wsgi_app", "start_server"],
    "platform.aiohttp": ["webio_handler", "static_routes", "start_server"],
    "platform.fastapi": ["webio_routes", "asgi_app", "start_server"],
    "utils": ["pyinstaller_datas"],
}
MODULES_WITH_ALL = ["input", "output", "session", "pin"]

# PyWebIO's ``use_scope(**kwargs)`` only takes its pre-1.0 scope options (never documented).
UNDOCUMENTED_VAR_KEYWORD = {"output.use_scope"}


def _module(package: str, path: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module(package + ("." + path if path else ""))


def _public_names() -> list[tuple[str, str]]:
    names = [(path, name) for path in MODULES_WITH_ALL for name in _module("pywebio", path).__all__]
    names += [(path, name) for path, listed in DOCUMENTED_NAMES.items() for name in listed]
    return sorted(set(names))


def _key(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


PUBLIC = [pytest.param(path, name, id=_key(path, name)) for path, name in _public_names()
          if _key(path, name) not in PENDING_IN_OTHER_BRANCHES]


def _ours(path: str, name: str) -> Any:
    return getattr(_module("webio", path), name)


def test_pending_names_are_pywebio_names() -> None:
    """The pending set only holds real PyWebIO names (so emptying it puts them under test)."""
    known = {_key(path, name) for path, name in _public_names()}
    assert PENDING_IN_OTHER_BRANCHES <= known, PENDING_IN_OTHER_BRANCHES - known


@pytest.mark.parametrize(("path", "name"), PUBLIC)
def test_name_exists(path: str, name: str) -> None:
    assert _ours(path, name) is not None


@pytest.mark.parametrize(("path", "name"), PUBLIC)
def test_every_pywebio_parameter_is_accepted_in_the_same_position(path: str, name: str) -> None:
    theirs = getattr(_module("pywebio", path), name)
    ours = _ours(path, name)
    if not callable(theirs) or (inspect.isclass(theirs) and issubclass(theirs, BaseException)):
        return
    try:
        their_sig = inspect.signature(theirs)
    except (TypeError, ValueError):
        return  # a builtin without a signature (nothing PyWebIO users pass arguments to)
    our_sig = inspect.signature(ours)
    key = _key(path, name)
    our_params = list(our_sig.parameters.values())
    our_by_name = our_sig.parameters
    our_var_keyword = any(p.kind is p.VAR_KEYWORD for p in our_params)
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    for index, param in enumerate(their_sig.parameters.values()):
        if param.kind in positional or param.kind is param.VAR_POSITIONAL:
            assert index < len(our_params), f"{key}: PyWebIO's parameter {index} ({param.name}) is missing: {our_sig}"
            mine = our_params[index]
            assert (mine.name, mine.kind) == (param.name, param.kind), (
                f"{key}: parameter {index} is {mine} here, {param} in PyWebIO\n  ours:    {our_sig}\n"
                f"  PyWebIO: {their_sig}")
        elif param.kind is param.KEYWORD_ONLY:
            mine = our_by_name.get(param.name)
            assert (mine is not None and mine.kind in (mine.KEYWORD_ONLY, mine.POSITIONAL_OR_KEYWORD)) or \
                our_var_keyword, f"{key}: keyword {param.name!r} of PyWebIO is not accepted: {our_sig}"
        elif key not in UNDOCUMENTED_VAR_KEYWORD:  # **kwargs
            assert our_var_keyword, f"{key}: PyWebIO takes **{param.name}, ours does not: {our_sig}"
    # Extra parameters of ours come after PyWebIO's: none has taken a position PyWebIO's use.
    their_count = sum(p.kind in positional for p in their_sig.parameters.values())
    for mine in our_params[:their_count]:
        assert mine.name in their_sig.parameters, f"{key}: {mine.name!r} sits among PyWebIO's positions: {our_sig}"


def test_pending_set_only_names_missing_names() -> None:
    """Once a pending name exists here, it must leave the set (so the set shrinks to empty)."""
    present = []
    for key in PENDING_IN_OTHER_BRANCHES:
        path, _, name = key.rpartition(".")
        try:
            if getattr(_module("webio", path), name, None) is not None:
                present.append(key)
        except ImportError:
            pass
    assert not present, f"remove {present} from PENDING_IN_OTHER_BRANCHES: they exist now"
