"""A webio app bundled with PyInstaller (manual §4.8.1): built one-folder with
``webio.utils.pyinstaller_datas()``, run without Python, its page and assets fetched over HTTP and
its session driven from Chromium."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import textwrap
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.chromium import chromium_for_tests
from tests.e2e.harness import OutputReader
from webio.utils import pyinstaller_datas

# Building takes about a minute (longer on a busy machine): more than the suite's default per-test limit.
pytestmark = pytest.mark.timeout(900)

ROOT = Path(__file__).resolve().parents[2]
APP = textwrap.dedent("""
    import webio
    from webio.input import input
    from webio.output import put_text

    def main():
        put_text("hello from a frozen app")
        name = input("Your name")
        put_text(f"frozen hello, {name}")

    if __name__ == "__main__":
        webio.start_server(main, port=0, host="127.0.0.1")
""")


def source_tree(into: Path) -> Path:
    """An importable ``webio`` (symlinks, laid out as setup.cfg's package_dir installs it), so that
    PyInstaller finds the code under test also when webio is installed in editable mode."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    mapping = dict(line.split("=") for line in config["options"]["package_dir"].split("\n") if "=" in line)
    mapping = {name.strip(): ROOT / folder.strip() for name, folder in mapping.items()}
    package = into / "webio"
    package.mkdir(parents=True)
    for entry in mapping["webio"].iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name, folder in mapping.items():
        if name.startswith("webio."):
            (package / name.split(".", 1)[1]).symlink_to(folder)
    return into


# Libraries installed for the rest of the suite that this app never imports: PyInstaller would
# otherwise follow webio's optional, function-level imports into all of them.
UNUSED_HERE = ("django", "channels", "channels_redis", "daphne", "flask", "werkzeug", "starlette", "fastapi",
               "uvicorn", "aiohttp", "redis", "prometheus_client", "bokeh", "pandas", "numpy", "plotly",
               "pyecharts", "pyg2plot", "cutecharts", "matplotlib", "PIL", "playwright", "hypothesis",
               "pytest", "IPython", "jinja2", "gunicorn")


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: Any) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    (work / "app.py").write_text(APP)
    args = [sys.executable, "-m", "PyInstaller", "app.py", "--noconfirm", "--log-level=WARN",
            "--distpath", "dist", "--workpath", "build", "--specpath", ".",
            "--paths", str(source_tree(work / "src"))]
    for source, folder in pyinstaller_datas():
        args += ["--add-data", f"{source}{os.pathsep}{folder}"]
    for module in UNUSED_HERE:  # what a user freezing a start_server app leaves out too (a faster build)
        args += ["--exclude-module", module]
    result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    executable = work / "dist" / "app" / "app"
    assert executable.is_file()
    return executable


@pytest.fixture(scope="module")
def frozen_server(frozen_app: Path) -> Iterator[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    proc = subprocess.Popen([str(frozen_app)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env={**env, "WEBIO_NO_BROWSER": "1"})
    assert proc.stdout is not None
    output = OutputReader(proc.stdout)
    try:
        found = output.wait_for(re.compile(r"serving on (http://\S+)"), 60)
        assert found, "\n".join(output.lines)
        yield found.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def test_pyinstaller_datas_lists_the_built_client():
    [(source, folder)] = pyinstaller_datas()
    assert (Path(source) / "webio.js").is_file() and (Path(source) / "lib" / "echarts.js").is_file()
    assert folder == "webio/static/dist"


def test_the_frozen_app_serves_its_page_and_assets(frozen_server: str):
    status, page = fetch(frozen_server)
    assert status == 200 and b'id="webio-config"' in page
    script = re.search(rb'src="(\?_webio_static=webio\.js&amp;v=\w+)"', page)
    assert script, page
    status, body = fetch(frozen_server + script.group(1).decode().replace("&amp;", "&"))
    assert status == 200 and body == (Path(pyinstaller_datas()[0][0]) / "webio.js").read_bytes()
    status, body = fetch(frozen_server + "?_webio_static=lib/echarts.js")
    assert status == 200 and len(body) > 500_000


def test_the_frozen_app_runs_a_session_in_chromium(frozen_server: str):
    with chromium_for_tests() as browser:
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(frozen_server)
        page.get_by_text("hello from a frozen app").wait_for()
        page.get_by_label("Your name").fill("Ada")
        page.get_by_role("button", name="Submit").click()
        page.get_by_text("frozen hello, Ada").wait_for()
