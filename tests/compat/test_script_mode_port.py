"""Script mode on a fixed port from the environment (issue item 10): WEBIO_SCRIPT_MODE_PORT and
PyWebIO's PYWEBIO_SCRIPT_MODE_PORT; a real script process, driven over the wire protocol."""
from __future__ import annotations

import re
import socket
import textwrap
from pathlib import Path

import pytest

from webio.testing import connect

from tests.e2e.harness import running_process

SCRIPT = """
from webio.input import input
from webio.output import put_text

name = input("Your name")
put_text("hello", name)
print("SCRIPT GOT", name, flush=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("variable", ["WEBIO_SCRIPT_MODE_PORT", "PYWEBIO_SCRIPT_MODE_PORT"])
def test_script_mode_listens_on_the_port_from_the_environment(tmp_path: Path, variable: str) -> None:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(SCRIPT))
    port = free_port()
    with running_process([str(script)], env={variable: str(port)}) as (proc, output):
        found = output.wait_for(re.compile(r"page is at (http://127\.0\.0\.1:(\d+)/)"), 20)
        assert found, output.text
        assert int(found.group(2)) == port
        client = connect(found.group(1), transport="websocket")
        try:
            client.submit("Ada")
            client.wait_until(lambda c: "hello Ada" in c.text, timeout=10)
        finally:
            client.close()
        assert proc.wait(10) == 0
        assert "SCRIPT GOT Ada" in output.text


def test_a_bad_port_says_what_to_set(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(SCRIPT))
    with running_process([str(script)], env={"WEBIO_SCRIPT_MODE_PORT": "eighty"}) as (proc, output):
        assert proc.wait(20) != 0
        assert output.wait_for(re.compile(r"WEBIO_SCRIPT_MODE_PORT='eighty' is not a port number"), 5), output.text
