"""The code of the getting-started page works as printed: its app file and its test are taken
from the page, written to a folder and run, as a new user would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def python_blocks(page: str) -> list[str]:
    return PYTHON_BLOCK.findall((ROOT / "docs" / page).read_text(encoding="utf-8"))


def test_getting_started_app_and_its_test_pass(tmp_path: Path) -> None:
    app, test = python_blocks("getting-started.md")
    (tmp_path / "greet.py").write_text(app, encoding="utf-8")
    (tmp_path / "test_greet.py").write_text(test, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_greet.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_getting_started_greeting_reaches_the_page() -> None:
    """The app of the page greets by name and answers the mood, run by the test client."""
    from webio.testing import run_app

    namespace: dict[str, object] = {"__name__": "greet"}
    exec(python_blocks("getting-started.md")[0], namespace)
    client = run_app(namespace["main"])
    assert client.form is not None and client.form.labels == ["What's your name?"]
    client.submit("Grace")
    client.submit("Tired")
    assert "Hello, Grace!" in client.text and "Get some rest." in client.text
    assert client.closed
