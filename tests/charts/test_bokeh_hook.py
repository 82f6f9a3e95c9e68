"""Bokeh's notebook types 'webio' and 'pywebio' exist whichever of Bokeh and webio is imported
first, and importing webio does not import Bokeh."""
from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = ("import bokeh.io.notebook as nb, sys\n"
         "print(sorted(name for name in ('webio', 'pywebio', 'jupyter') if name in nb._HOOKS))")


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("first", ["import webio\nimport bokeh.io\n", "import bokeh.io\nimport webio\n",
                                   "import webio\nfrom bokeh.io import output_notebook\n"])
def test_the_notebook_types_are_registered_in_any_import_order(first: str) -> None:
    assert run_python(first + CHECK) == "['jupyter', 'pywebio', 'webio']"


def test_importing_webio_does_not_import_bokeh() -> None:
    assert run_python("import sys, webio, webio.output\nprint('bokeh' in sys.modules)") == "False"


def test_an_unknown_notebook_type_is_still_bokehs_error() -> None:
    out = run_python("import webio\nfrom bokeh.io import output_notebook\n"
                     "try:\n    output_notebook(notebook_type='nope')\nexcept RuntimeError as e:\n    print(e)")
    assert "no display hook installed for notebook type 'nope'" in out
