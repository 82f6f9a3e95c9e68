"""Apps of test_compat.py: PyWebIO programs as they are written (issue 14): the demo's service
table at phone width, put_grid with span(), put_file's link, and an app driven from another origin."""

from __future__ import annotations

import time

from webio.input import NUMBER, checkbox, file_upload, input
from webio.output import (put_buttons, put_code, put_collapse, put_file, put_grid, put_markdown, put_row,
                          popup, put_table, put_tabs, put_text, span, toast)
from webio import config
from webio.pin import get_pin_values, pin, pin_wait_change, put_file_upload, put_textarea
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


def phone_popup() -> None:
    toast("Notifications restarted on every node of the cluster", duration=0)
    popup("Service details", [
        put_table([["Service", "Status", "Uptime", "Memory", "Region", "Action"],
                   ["Authentication", "Running", "12 days", "512 MB", "Frankfurt",
                    put_buttons(["Restart"], onclick=lambda _: None, small=True)]]),
        put_text("end of popup"),
    ])
    hold()


def grid() -> None:
    # Three columns, though no row lists three cells: the spans fill them.
    put_grid([
        [span(put_text("wide A"), col=2), put_text("B")],
        [span(put_text("tall F"), row=2), span(put_text("wide G"), col=2)],
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


def themed() -> None:
    put_buttons(["themed button"], onclick=lambda _: None)
    hold()


def note() -> None:
    put_textarea("note", label="Note", minlength=10)
    put_buttons(["Read"], onclick=lambda _: put_text(f"note={pin.note!r}"))
    hold()


def check_age(age: int) -> object:
    """The manual's validate example: an empty NUMBER field gives None, and None < 10 raises."""
    if age > 30:
        return "Too old"
    if age < 10:
        return "Too young"
    return None


def age() -> None:
    put_text(f"age {input('How old are you?', type=NUMBER, validate=check_age)}")
    hold()


def choices() -> None:
    picked = checkbox("Pick", [("x", 1, True), ("y", 2), ("z", 3)], value=[3, 99])
    put_text(f"picked {picked}")
    hold()


def upload() -> None:
    f = file_upload("Document")
    age = time.time() - f["last_modified"]
    put_text(f"uploaded {f['filename']}, modified {'seconds ago' if 0 <= age < 3600 else 'at a wrong time %r' % age}")
    hold()


def pin_file() -> None:
    put_file_upload("doc", label="Document", accept=".txt")
    put_text("ready")
    while True:
        changed = pin_wait_change("doc")["value"]
        age = time.time() - changed["last_modified"]
        put_text(f"changed {changed['filename']} {len(changed['content'])} bytes, "
                 f"{'recent' if 0 <= age < 3600 else 'wrong time %r' % age}")
        put_text(f"read {pin.doc['filename']} {get_pin_values(['doc'])['doc']['content'].decode()}")


APPS = {"services": services, "phone_popup": phone_popup, "grid": grid, "file": file, "greet": greet, "age": age, "choices": choices,
        "pin_file": pin_file, "note": note, "upload": upload,
        # one function, two decorated uses: each app keeps its own theme
        "dark": config(theme="dark")(themed), "yeti": config(theme="yeti")(themed)}
