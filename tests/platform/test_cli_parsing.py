"""The ``webio`` command's argument handling, in-process."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from webio.cli import CommandError, build_parser, load_app, main


def test_load_app_from_a_file_or_a_module(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text(textwrap.dedent('''
        def main():
            return "main"

        def other():
            return "other"
    '''))
    assert load_app(str(tmp_path / "tool.py"))() == "main"
    assert load_app(f"{tmp_path / 'tool.py'}:other")() == "other"
    assert load_app("scenario_apps:echo").__name__ == "echo"  # a module on sys.path (tests/conformance/apps)
    with pytest.raises(CommandError, match="cannot import 'no_such_module'"):
        load_app("no_such_module")


def test_parser_defaults() -> None:
    args = build_parser().parse_args(["run", "app.py"])
    assert (args.port, args.host, args.backend, args.debug) == (8080, "", "tornado", False)
    args = build_parser().parse_args(["path-deploy", "apps", "--http", "--port", "0"])
    assert (args.directory, args.http, args.port) == ("apps", True, 0)


def test_unknown_backend_and_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "app.py", "--backend", "nope"])
    assert main(["path-deploy", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
