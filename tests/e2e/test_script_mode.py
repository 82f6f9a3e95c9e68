"""Script mode: a plain script calling webio functions, run as a subprocess; the test opens the URL
it prints in Chromium, plays the user, and checks the script's exit and the page's closed state."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from .harness import running_process
from .ui import closed_banner, panel, submit

URL_LINE = re.compile(r"the script's page is at (http://127\.0\.0\.1:\d+/)")

GREETER = """
from webio.input import input, select
from webio.output import put_buttons, put_text, put_table
from webio.session import hold

name = input("Script asks your name")
colour = select("Colour", ["red", "green"])
put_table([["name", "colour"], [name, colour]])
print("SCRIPT GOT", name, colour, flush=True)
put_text("script finished")
"""

WAITER = """
import sys
from webio import SessionClosedException
from webio.input import input
from webio.output import put_text

put_text("waiting script")
try:
    input("Never answered")
except SessionClosedException:
    print("SCRIPT SAW THE TAB CLOSE", flush=True)
    sys.exit(3)
"""


def write_script(tmp_path: Path, source: str) -> str:
    path = tmp_path / "my_script.py"
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_script_mode_round_trip_exit_and_closed_page(page: Any, tmp_path: Path) -> None:
    with running_process([write_script(tmp_path, GREETER)]) as (proc, output):
        found = output.wait_for(URL_LINE, 20)
        assert found, output.text
        page.goto(found.group(1))
        assert page.title() == "my_script.py"
        panel(page).get_by_label("Script asks your name").fill("Ada")
        submit(page)
        panel(page).get_by_label("Colour").select_option(label="green")
        submit(page)
        page.get_by_text("script finished").wait_for()
        assert page.get_by_role("cell").all_inner_texts() == ["Ada", "green"]
        assert proc.wait(10) == 0
        assert "SCRIPT GOT Ada green" in output.text
        closed_banner(page).wait_for()
        page.wait_for_function("() => document.title.startsWith('[closed]')")

        second = page.context.new_page()  # the script's server is gone with it
        try:
            second.goto(found.group(1), timeout=3000)
            raise AssertionError("the page still loads after the script ended")
        except Exception as exc:  # noqa: BLE001 (Playwright raises its own Error type)
            assert "ERR_CONNECTION_REFUSED" in str(exc)
        finally:
            second.close()


def test_script_mode_second_tab_and_closing_the_tab(page: Any, tmp_path: Path) -> None:
    with running_process([write_script(tmp_path, WAITER)]) as (proc, output):
        found = output.wait_for(URL_LINE, 20)
        assert found, output.text
        page.goto(found.group(1))
        page.get_by_text("waiting script").wait_for()
        panel(page).get_by_label("Never answered").wait_for()

        other = page.context.new_page()
        other.goto(found.group(1))
        other.get_by_text("This script is already shown in another browser tab.").wait_for()
        assert other.get_by_text("waiting script").count() == 0
        other.close()

        page.close()  # the user closes the script's tab
        assert proc.wait(10) == 3
        assert "SCRIPT SAW THE TAB CLOSE" in output.text
