"""Helpers for shipping webio apps.

Example (a PyInstaller spec file)::

    from webio.utils import pyinstaller_datas

    a = Analysis(["app.py"], datas=pyinstaller_datas())
"""
from __future__ import annotations

__all__ = ["pyinstaller_datas"]


def pyinstaller_datas() -> list[tuple[str, str]]:
    """webio's data files as PyInstaller's ``datas``: ``(source, folder in the bundle)`` pairs.

    The browser client and the chart libraries it serves from ``dist/`` land where the frozen app
    looks for them. On the command line: ``pyinstaller --add-data SOURCE:FOLDER`` for each pair.

    >>> [folder for _, folder in pyinstaller_datas()]
    ['webio/static/dist']
    """
    from .static import STATIC_PATH  # type: ignore[import-not-found, unused-ignore]

    return [(STATIC_PATH, "webio/static/dist")]
