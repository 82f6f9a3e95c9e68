"""The allow-list of chart libraries the server serves as ``?_webio_static=lib/NAME.js``.

Each comes from an installed Python package (bokeh, plotly ship theirs) or from the client's
``dist/lib/`` (npm packages copied by the build). Nothing else under ``lib/`` is served, and a
page loads a library only when a chart asks for it.
"""
from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Optional

__all__ = ["ClientLibrary", "LIBRARIES", "library_file", "library_urls", "LIB_PREFIX"]

#: Asset names of the libraries start with this (``lib/plotly.js``).
LIB_PREFIX = "lib/"


@dataclass(frozen=True)
class ClientLibrary:
    """A JavaScript file the page may load: where it lives and the global it defines.

    ``package`` is the Python package shipping it (``None``: the client's own ``dist/``), ``path``
    the file inside it; ``requires`` are libraries to load first.
    """

    name: str
    path: str
    package: Optional[str] = None
    global_name: Optional[str] = None
    requires: tuple[str, ...] = ()


_BOKEH_JS = "server/static/js/"

LIBRARIES: dict[str, ClientLibrary] = {lib.name: lib for lib in (
    ClientLibrary("plotly", "package_data/plotly.min.js", "plotly", "Plotly"),
    ClientLibrary("bokeh", _BOKEH_JS + "bokeh.min.js", "bokeh", "Bokeh"),
    ClientLibrary("bokeh-gl", _BOKEH_JS + "bokeh-gl.min.js", "bokeh", None, ("bokeh",)),
    ClientLibrary("bokeh-widgets", _BOKEH_JS + "bokeh-widgets.min.js", "bokeh", None, ("bokeh",)),
    ClientLibrary("bokeh-tables", _BOKEH_JS + "bokeh-tables.min.js", "bokeh", None, ("bokeh", "bokeh-widgets")),
    ClientLibrary("bokeh-mathjax", _BOKEH_JS + "bokeh-mathjax.min.js", "bokeh", None, ("bokeh",)),
    ClientLibrary("echarts", "lib/echarts.js", None, "echarts"),
    ClientLibrary("chartXkcd", "lib/chart.xkcd.js", None, "chartXkcd"),
    ClientLibrary("G2Plot", "lib/g2plot.js", None, "G2Plot"),
)}


def _package_dir(package: str) -> Optional[Path]:
    # find_spec of a top-level package locates it without importing it (bokeh takes a second).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _locate(name: str) -> Optional[Path]:
    lib = LIBRARIES.get(name)
    if lib is None:
        return None
    if lib.package is None:
        from ..static import STATIC_PATH  # type: ignore[import-not-found, unused-ignore]

        root: Optional[Path] = Path(STATIC_PATH)
    else:
        root = _package_dir(lib.package)
    path = root / lib.path if root is not None else None
    return path if path is not None and path.is_file() else None


def library_file(asset_name: str) -> Optional[Path]:
    """The file behind ``lib/NAME.js`` if NAME is a listed, installed library, else ``None``.

    >>> library_file("lib/../../etc/passwd") is None
    True
    """
    if not asset_name.startswith(LIB_PREFIX) or not asset_name.endswith(".js"):
        return None
    return _locate(asset_name[len(LIB_PREFIX):-3])


@cache
def _version(name: str) -> str:
    # Size and modification time change with the installed package: no need to hash megabytes.
    path = _locate(name)
    if path is None:
        return "0"
    stat = path.stat()
    return hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]


@cache
def library_urls() -> dict[str, dict[str, object]]:
    """What the page's loader needs of each installed library: URL, global name, prerequisites."""
    found: dict[str, dict[str, object]] = {}
    for name, lib in LIBRARIES.items():
        if _locate(name) is not None:
            found[name] = {"url": f"?_webio_static={LIB_PREFIX}{name}.js&v={_version(name)}",
                           "global": lib.global_name, "requires": list(lib.requires)}
    return found
