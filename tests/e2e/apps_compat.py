"""Apps of test_compat.py: PyWebIO programs as they are written (issue 14): the demo's service
table at phone width, put_grid with span(), put_file's link, and an app driven from another origin."""

from __future__ import annotations

from webio.input import input
from webio.output import (put_buttons, put_code, put_collapse, put_file, put_grid, put_markdown, put_row,
                          put_table, put_tabs, put_text, span)
from webio.session import hold

# A page from any other port of this host may drive these apps (the cross-origin test serves one).
SERVER_OPTIONS = {"allowed_origins": ["http://127.0.0.1:*"]}


def services() -> None:
    """The demo's service table, as PyWebIO's demo writes it."""
    put_markdown("## Services")
    put_table([
        ["Service", "Status", "Uptime", "Memory", "Action"],
        *[[name, "Running", "12 days", "512 MB",
           put_buttons(["Restart", "Stop"], onclick=lambda _label: None, small=True)]
          for name in ("Authentication", "Notifications", "Scheduler")],
    ])
    put_markdown("| Column one | Column two | Column three | Column four | Column five |\n|---|---|---|---|---|\n"
                 "| Elephants | Giraffes | Hippopotamus | Rhinoceros | Crocodiles |")
    put_buttons(["Restart everything", "Stop everything", "Show the logs", "Settings"], onclick=lambda _: None,
                group=True)
    put_row([put_text("A sentence in the left cell of a row"), put_text("And another sentence on the right")])
    put_tabs([{"title": "Overview", "content": "All services are running normally"},
              {"title": "Logs", "content": "nothing"}, {"title": "Settings", "content": "none"}])
    put_collapse("Details of the deployment", "Deployed yesterday by the release pipeline")
    put_code("print('a line of code that is longer than a phone screen is wide, so it scrolls')", "python")
    put_text("end of services")
    hold()


def grid() -> None:
    put_grid([
        [span(put_text("wide A"), col=2), put_text("B")],
        [put_text("C"), put_text("D"), put_text("E")],
        [span(put_text("tall F"), row=2), put_text("G"), put_text("H")],
        [put_text("I"), put_text("J")],
    ], cell_width="90px", cell_height="40px")
    put_text("end of grid")
    hold()


def file() -> None:
    put_file("hello.txt", b"hello\n", "Download hello")
    put_collapse("More about it", "body")
    hold()


def greet() -> None:
    name = input("Your name")
    put_text(f"hello {name}")
    hold()


APPS = {"services": services, "grid": grid, "file": file, "greet": greet}
