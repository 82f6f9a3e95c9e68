"""The code of the getting-started page works as printed: its app file and its test are taken
from the page, written to a folder and run, as a new user would."""

from __future__ import annotations

import re
import os
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
    # The user's own project: none of this suite's settings (its Django settings module) leak in.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_greet.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
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


def section_blocks(page: str, heading: str) -> list[str]:
    """The Python blocks under one '## heading' of a page (up to the next '## ')."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 1)
    return PYTHON_BLOCK.findall(text[start:end if end != -1 else None])


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_flask_page_as_printed_under_gunicorn(tmp_path: Path) -> None:
    """The Flask part of the frameworks page, pasted into mysite.py beside an app module and
    served by gunicorn as the page says, answers a user at /tools/report."""
    from tests.e2e.harness import running_process
    from webio.testing import connect

    (tmp_path / "mysite.py").write_text(section_blocks("frameworks.md", "Flask")[0], encoding="utf-8")
    (tmp_path / "myapps.py").write_text(
        "from webio.input import input\nfrom webio.output import put_text\n\n\n"
        "def report():\n    team = input('Team')\n    put_text(f'Report for {team}')\n", encoding="utf-8")
    port = free_port()
    args = ["-m", "gunicorn", "--chdir", str(tmp_path), "--bind", f"127.0.0.1:{port}", "mysite:app"]
    with running_process(args) as (_proc, output):
        import re

        assert output.wait_for(re.compile(r"Booting worker"), 30) is not None, output.text
        client = connect(f"http://127.0.0.1:{port}/tools/report", transport="http", timeout=20)
        try:
            assert client.form is not None and client.form.labels == ["Team"]
            client.submit("Platform")
            assert "Report for Platform" in client.text
        finally:
            client.close()
