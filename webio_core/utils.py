"""Helpers for shipping webio apps.

Example (a PyInstaller spec file)::

    from webio.utils import pyinstaller_datas

    a = Analysis(["app.py"], datas=pyinstaller_datas())
"""
from __future__ import annotations

import os
from typing import Literal, Union, overload

__all__ = ["pyinstaller_datas"]


@overload
def pyinstaller_datas(cli_args: Literal[False] = False) -> list[tuple[str, str]]: ...


@overload
def pyinstaller_datas(cli_args: Literal[True]) -> str: ...


def pyinstaller_datas(cli_args: bool = False) -> Union[list[tuple[str, str]], str]:
    """webio's data files as PyInstaller's ``datas``: ``(source, folder in the bundle)`` pairs.

    The browser client and the chart libraries it serves from ``dist/`` land where the frozen app
    looks for them. ``cli_args=True`` gives the same as ``--add-data`` options for the command line
    (``pyinstaller $(python -c "...print(pyinstaller_datas(cli_args=True))") app.py``).

    >>> [folder for _, folder in pyinstaller_datas()]
    ['webio/static/dist']
    """
    from .static import STATIC_PATH  # type: ignore[import-not-found, unused-ignore]

    datas = [(STATIC_PATH, "webio/static/dist")]
    if cli_args:
        return "".join(f" --add-data {source}{os.pathsep}{folder}" for source, folder in datas)
    return datas
