"""A small ops-dashboard style demo of webio: ``python -m webio.demo [--port 8080]``.

It shows the pieces a first-time user reaches for: a form with validation, a table, buttons with
callbacks, scopes updated in place, pins, a popup and a toast — all served offline by the default
server.
"""
from __future__ import annotations

import argparse
import datetime
import random
from typing import Any, Callable

from . import config, start_server
from .input import NUMBER, input_group, select
from .input import input as text_input
from .output import (
    popup, put_buttons, put_code, put_collapse, put_markdown, put_processbar, put_row, put_scope,
    put_table, put_text, set_processbar, toast, use_scope,
)
from .pin import pin, pin_on_change, put_select, put_slider
from .session import set_env

SERVICES = ["api", "billing", "search", "mailer", "reports"]


def _status_table(load: int) -> None:
    rows: list[list[Any]] = [["Service", "Status", "Latency (ms)", "Action"]]
    for name in SERVICES:
        latency = random.randint(5, 20) * max(load, 1) // 3
        status = "degraded" if latency > 60 else "ok"
        restart = put_buttons(["Restart"], onclick=_restarter(name), small=True)
        rows.append([name, status, latency, restart])
    with use_scope("status", clear=True):
        put_table(rows)
        put_text(f"Updated {datetime.datetime.now():%H:%M:%S}, simulated load {load}")


def _restarter(name: str) -> Callable[[str], None]:
    return lambda _button: _restart(name)


def _restart(name: str) -> None:
    put_processbar("restart", label=f"Restarting {name}…")
    for step in range(1, 6):
        set_processbar("restart", step / 5)
    toast(f"{name} restarted", color="success")


def _show_help() -> None:
    popup("About this demo", [
        put_markdown("Everything here is an ordinary Python function: `input_group()` blocks until the form "
                     "is submitted, buttons call Python callbacks, `use_scope()` redraws a part of the page."),
        put_code("from webio.output import put_text\nput_text('hello')", language="python"),
    ])


def _check_pager(data: dict[str, Any]) -> Any:
    if data["pager"] is not None and data["pager"] < 100:
        return ("pager", "A pager number has at least 3 digits")
    return None


@config(title="webio demo", description="An ops dashboard written as a plain Python script")
def main() -> None:
    """webio demo

    An ops dashboard written as a plain Python script."""
    set_env(output_max_width="960px")
    put_markdown("# Ops dashboard\nA **webio** demo: a form, a live table, buttons, pins and a popup.")
    info = input_group("Who is on call?", [
        text_input("Your name", name="name", required=True, placeholder="Ann"),
        text_input("Pager number", name="pager", type=NUMBER, help_text="digits only"),
        select("Team", options=["Platform", "Payments", "Search"], name="team"),
    ], validate=_check_pager)
    put_markdown(f"Hello **{info['name']}** ({info['team']}): here is the state of your services.")
    put_row([
        put_slider("load", label="Simulated load", value=3, min_value=1, max_value=10),
        None,
        put_select("refresh", label="Sort", options=["by name", "by latency"]),
    ], size="2fr 20px 1fr")
    put_scope("status")
    _status_table(3)
    pin_on_change("load", onchange=lambda value: _status_table(int(value)))
    put_buttons(["Refresh", "Help"], onclick=[lambda: _status_table(int(pin.load or 3)), _show_help])
    with put_collapse("Raw data (JSON)"):
        put_code('{"services": %d, "on_call": "%s"}' % (len(SERVICES), info["team"]), language="json")


def run(argv: Any = None) -> None:
    parser = argparse.ArgumentParser(description="Run the webio demo app on the default server.")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args = parser.parse_args(argv)
    start_server(main, port=args.port, host=args.host, auto_open_webbrowser=not args.no_browser)


if __name__ == "__main__":
    run()
