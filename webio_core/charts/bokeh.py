"""Bokeh's notebook hook for webio: ``output_notebook(notebook_type='webio')`` (or PyWebIO's name
``'pywebio'``), then ``show(fig)`` puts the figure in the page, with BokehJS from this server.

The hook is registered when ``bokeh.io.notebook`` is imported (webio does not import Bokeh itself:
it takes a second). Example::

    from bokeh.io import output_notebook, show
    from bokeh.plotting import figure

    output_notebook(notebook_type="webio")
    fig = figure(title="Sales")
    fig.line([1, 2, 3], [4, 6, 5])
    show(fig)
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, Optional

__all__ = ["NOTEBOOK_TYPES", "install_bokeh_hook", "show_doc", "bokeh_html"]

#: The ``notebook_type`` names webio registers with Bokeh.
NOTEBOOK_TYPES = ("webio", "pywebio")

_NOTEBOOK_MODULE = "bokeh.io.notebook"


def _bokeh(module: str) -> Any:
    # By name: bundlers (PyInstaller) then take Bokeh into a frozen app only when the app imports it.
    return importlib.import_module(module)


def _load(resources: Any = None, verbose: bool = False, hide_banner: bool = False, load_timeout: int = 5000) -> None:
    """``output_notebook``'s step: nothing to do now; BokehJS loads with the first figure."""


def _libraries(obj: Any) -> list[str]:
    """The BokehJS bundles a figure needs: the core, plus GL, widgets, tables, MathJax when used."""
    bundle = _bokeh("bokeh.embed.bundle")
    names = ["bokeh"]
    models = set(obj.references())
    for name, uses in (("bokeh-gl", "_use_gl"), ("bokeh-widgets", "_use_widgets"),
                       ("bokeh-tables", "_use_tables"), ("bokeh-mathjax", "_use_mathjax")):
        check = getattr(bundle, uses, None)
        if check is None or check(models):  # a Bokeh without the check: load it to be safe
            names.append(name)
    return names


def bokeh_html(obj: Any) -> str:
    """HTML that draws Bokeh model ``obj`` (a figure, a layout) once BokehJS is loaded from this server."""
    script, div = _bokeh("bokeh.embed").components(obj, wrap_script=False)
    libs = "".join(f'<script data-webio-lib="{name}"></script>' for name in _libraries(obj))
    return f"{libs}{div}<script>{script}</script>"


def show_doc(obj: Any, state: Any = None, notebook_handle: Any = None) -> None:
    """Bokeh's ``show(obj)`` in a webio session: put the figure in the current scope."""
    if notebook_handle:
        raise ValueError("show(..., notebook_handle=True) needs Jupyter's comms; in webio call show() "
                         "again (or clear the scope and show) to update a figure")
    from ..output import put_html

    put_html(bokeh_html(obj))


def _show_app(app: Any, state: Any = None, notebook_url: Any = None, **kwargs: Any) -> None:
    raise NotImplementedError("webio does not run Bokeh server apps inside a session: run `bokeh serve` and "
                              "embed it with put_html(bokeh.embed.server_document(url))")


def install_bokeh_hook(notebook: Optional[ModuleType] = None) -> None:
    """Register ``'webio'`` and ``'pywebio'`` as Bokeh notebook types (done on import of Bokeh)."""
    if notebook is None:
        notebook = _bokeh(_NOTEBOOK_MODULE)
    for name in NOTEBOOK_TYPES:
        notebook.install_notebook_hook(name, _load, show_doc, _show_app, overwrite=True)


class _AfterImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Runs :func:`install_bokeh_hook` right after ``bokeh.io.notebook`` is imported."""

    # Marks the watchers: a second copy of this module (a reload, a frozen app beside a source
    # tree) has its own class, and two watchers asking each other would never end.
    webio_bokeh_watcher = True

    def find_spec(self, fullname: str, path: Optional[Sequence[str]], target: Optional[ModuleType] = None
                  ) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname != _NOTEBOOK_MODULE:
            return None
        spec = None
        for finder in sys.meta_path:  # the others: the path finder, or PyInstaller's in a frozen app
            if not getattr(finder, "webio_bokeh_watcher", False) and hasattr(finder, "find_spec"):
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None:
            return None
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Optional[ModuleType]:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        install_bokeh_hook(module)


def watch_bokeh_import() -> None:
    """Register the hook now if Bokeh's notebook module is loaded, else as soon as it is."""
    module = sys.modules.get(_NOTEBOOK_MODULE)
    if module is not None:
        install_bokeh_hook(module)
    elif not any(getattr(finder, "webio_bokeh_watcher", False) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport())
