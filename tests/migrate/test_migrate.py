"""``webio migrate``: a PyWebIO project's imports rewritten in place, strings and comments kept,
``--dry-run`` showing the diff; the rewritten app runs under webio."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from webio.cli import main
from webio.migrate import rewrite_source

APP = '''"""A PyWebIO app: see https://pywebio.readthedocs.io"""
import pywebio
import pywebio.output as out
from pywebio.input import (input,
                           NUMBER)  # pywebio's inputs
from pywebio_battery import confirm

MESSAGE = "made with pywebio; from pywebio.output import put_text"


def main():
    age = input("Age", type=NUMBER)
    out.put_text(MESSAGE, age)


if __name__ == "__main__":
    pywebio.start_server(main, port=8080)
'''

EXPECTED = '''"""A PyWebIO app: see https://pywebio.readthedocs.io"""
import webio
import webio.output as out
from webio.input import (input,
                           NUMBER)  # pywebio's inputs
from webio_battery import confirm

MESSAGE = "made with pywebio; from pywebio.output import put_text"


def main():
    age = input("Age", type=NUMBER)
    out.put_text(MESSAGE, age)


if __name__ == "__main__":
    webio.start_server(main, port=8080)
'''


def test_imports_and_module_uses_are_renamed_strings_and_comments_kept() -> None:
    assert rewrite_source(APP) == EXPECTED


@pytest.mark.parametrize(("before", "after"), [
    ("import os, pywebio.session\npywebio.session.hold()\n", "import os, webio.session\nwebio.session.hold()\n"),
    ("from pywebio import start_server, config\n", "from webio import start_server, config\n"),
    ("from pywebio.platform.flask import webio_view\n", "from webio.platform.flask import webio_view\n"),
    ("import pywebio as pw\npw.start_server(f)\n", "import webio as pw\npw.start_server(f)\n"),
    ("def f():\n    import pywebio_battery\n    pywebio_battery.confirm('x')\n",
     "def f():\n    import webio_battery\n    webio_battery.confirm('x')\n"),
    ("x = 'é'; import pywebio; pywebio.output\n", "x = 'é'; import webio; webio.output\n"),
])
def test_import_forms(before: str, after: str) -> None:
    assert rewrite_source(before) == after


@pytest.mark.parametrize("untouched", [
    "import pywebioplus\nfrom mypkg import pywebio\npywebio.run()\n",  # other packages, a name from elsewhere
    "from . import pywebio\n",  # a relative import of a local module
    "pywebio_version = '1.8'\n# import pywebio\n",
])
def test_other_names_are_not_renamed(untouched: str) -> None:
    assert rewrite_source(untouched) == untouched


def test_project_rewritten_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "plain.py").write_text("print('pywebio')\n", encoding="utf-8")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "dep.py").write_text("import pywebio\n", encoding="utf-8")
    (tmp_path / "crlf.py").write_bytes(b"import pywebio\r\npywebio.start_server(f)\r\n")

    assert main(["migrate", str(tmp_path)]) == 0

    assert (tmp_path / "app.py").read_text(encoding="utf-8") == EXPECTED
    assert (tmp_path / "pkg" / "plain.py").read_text(encoding="utf-8") == "print('pywebio')\n"
    assert (tmp_path / ".venv" / "lib" / "dep.py").read_text(encoding="utf-8") == "import pywebio\n"
    assert (tmp_path / "crlf.py").read_bytes() == b"import webio\r\nwebio.start_server(f)\r\n"
    assert "changed 2 file(s)" in capsys.readouterr().err


def test_dry_run_prints_the_diff_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP, encoding="utf-8")

    assert main(["migrate", str(app), "--dry-run"]) == 0

    assert app.read_text(encoding="utf-8") == APP
    captured = capsys.readouterr()
    assert "\n-from pywebio.input import (input,\n" in captured.out
    assert "\n+from webio.input import (input,\n" in captured.out
    assert f"--- {app}\n+++ {app} (webio)\n" in captured.out
    assert "+    webio.start_server(main, port=8080)\n" in captured.out
    assert "would change 1 file(s)" in captured.err


def test_file_that_is_not_python_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.py").write_text("import pywebio\nif :\n", encoding="utf-8")
    (tmp_path / "good.py").write_text("import pywebio\n", encoding="utf-8")

    with pytest.raises(SystemExit) as stopped:
        main(["migrate", str(tmp_path)])

    assert stopped.value.code == 1
    assert f"skipped {tmp_path / 'broken.py'}" in capsys.readouterr().err
    assert (tmp_path / "broken.py").read_text(encoding="utf-8") == "import pywebio\nif :\n"
    assert (tmp_path / "good.py").read_text(encoding="utf-8") == "import webio\n"


def test_missing_path_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_migrated_app_imports_under_webio(tmp_path: Path) -> None:
    """The rewritten app file is a working webio app module (its imports resolve, main exists)."""
    app = tmp_path / "app.py"
    app.write_text(APP.replace("from pywebio_battery import confirm\n", ""), encoding="utf-8")
    assert main(["migrate", str(app)]) == 0
    probe = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('app', sys.argv[1]); "
             "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.out.__name__, callable(m.main))")
    done = subprocess.run([sys.executable, "-c", probe, str(app)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "webio.output True"
