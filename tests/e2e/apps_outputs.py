"""Apps that show every output type (served by tests/e2e/test_outputs.py, one ``?app=`` each)."""

from __future__ import annotations

import struct
import time
import zlib
from typing import Any

from webio.output import (
    clear,
    put_buttons,
    put_button,
    put_code,
    put_collapse,
    put_column,
    put_error,
    put_file,
    put_grid,
    put_html,
    put_image,
    put_info,
    put_link,
    put_loading,
    put_markdown,
    put_processbar,
    put_row,
    put_scope,
    put_scrollable,
    put_success,
    put_table,
    put_tabs,
    put_text,
    put_warning,
    put_widget,
    remove,
    scroll_to,
    set_processbar,
    span,
    style,
    use_scope,
)
from webio.session import download, hold

from .ui import XSS


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A PNG image of one colour, built by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


def text_markdown_html() -> None:
    put_text("plain", "text", sep=" + ")
    put_text("inline one", inline=True)
    put_text("inline two", inline=True)
    put_markdown(
        """
        # Markdown title
        Some **bold** text and a [link](https://example.invalid/).

        - first item
        - second item

        <script>window.__pwned = 1</script>
        """
        + XSS
    )
    put_html("<p class='raw'>raw <b>bold html</b></p>")
    put_html("<p class='clean'>sanitized <i>html</i>" + XSS + "</p>", sanitize=True)
    put_text("end of text app")
    hold()


def code_and_alerts() -> None:
    put_code("def greet(name):\n    return 'hi ' + name\n", language="python")
    put_info("An info note")
    put_success("It worked", put_markdown("**really**"))
    put_warning("Careful now")
    put_error("It failed", closable=True)
    put_text("end of alerts")
    hold()


def links_and_images() -> None:
    put_link("External docs", url="https://example.invalid/docs", new_window=True)
    put_link("Go to tables", app="tables")
    put_image(png(40, 20, (255, 0, 0)), title="A red box", width="80px")
    put_image(png(10, 10, (0, 0, 255)), format="png", title="blue")
    put_text("end of images")
    hold()


def files() -> None:
    put_file("report.txt", b"line one\nline two\n", label="Get the report")
    put_button("Make CSV", onclick=lambda: download("numbers.csv", b"a,b\n1,2\n"))
    hold()


def tables() -> None:
    def edit(row: Any) -> None:
        put_text(f"edit row {row}", scope="log")

    put_table(
        [
            [span("Name", row=2), span("Contact", col=2)],
            ["Email", "Phone"],
            ["Ada", put_markdown("**ada@example.invalid**"), put_buttons(["Edit"], onclick=lambda _: edit(1))],
            ["Bob", span("unknown", col=2)],
        ]
    )
    put_table([{"fruit": "apple", "count": 3}, {"fruit": "pear", "count": 5}], header=["fruit", "count"])
    put_table([["x", 1], ["y", 2]], header=[put_text("Key").style("color: rgb(0, 128, 0)"), "Value"])
    put_scope("log")
    hold()


def buttons() -> None:
    def show(value: Any) -> None:
        put_text(f"got {value!r} ({type(value).__name__})", scope="log")

    put_buttons(
        [
            {"label": "A dict", "value": {"id": 7, "tags": ["x"]}},
            {"label": "A tuple", "value": (1, "two"), "color": "success"},
            ("None please", None),
            {"label": "Off", "value": 0, "disabled": True},
        ],
        onclick=show,
    )
    put_buttons(["small", "outline"], onclick=show, small=True, outline=True, group=True)
    put_buttons(["as link"], onclick=show, link_style=True)
    put_button("One button", onclick=lambda: put_text("one button clicked", scope="log"), color="danger")
    put_buttons(["x", "y"], onclick=[lambda: show("first"), lambda: show("second")])
    put_scope("log")
    hold()


def progress_and_loading() -> None:
    put_processbar("job", label="starting")
    put_processbar("auto", auto_close=True)
    for i in range(1, 5):
        time.sleep(0.05)
        set_processbar("job", i / 4, label=f"step {i} of 4")
        set_processbar("auto", i / 4)
    with put_loading(shape="grow", color="success"):
        put_text("working…")
        time.sleep(1.0)
    put_text("loaded")
    hold()


def containers() -> None:
    put_collapse("More details", [put_text("hidden body"), put_markdown("*md inside*")])
    put_collapse("Open section", "shown body", open=True)
    with use_scope("box"):
        put_scrollable([put_text(f"log line {i}") for i in range(40)], height=150, keep_bottom=True)
    put_tabs(
        [
            {"title": "First tab", "content": "first pane"},
            {"title": "Second tab", "content": [put_text("second pane"), put_button("in tab", onclick=lambda: put_text("tab click"))]},
        ]
    )
    hold()


def layouts() -> None:
    put_row([put_text("left cell"), None, put_text("right cell")], size="3fr 20px 1fr")
    put_column([put_text("top cell"), put_text("bottom cell")])
    put_grid(
        [[put_text("g1"), put_text("g2"), put_text("g3")], [span(put_text("wide"), col=2), put_text("g6")]],
        cell_width="120px",
        cell_height="40px",
    )
    put_row([put_column([put_text("nested a"), put_text("nested b")]), put_text("side")])
    hold()


def scopes() -> None:
    with use_scope("list"):
        put_text("B")
    put_text("A", scope="list", position=0)
    put_text("D", scope="list")
    put_text("C", scope="list", position=-2)
    put_scope("other", [put_text("other content")])
    with use_scope("other", clear=True):
        put_text("replaced content")
    with use_scope("temp"):
        put_text("temporary")
    for i in range(60):
        put_text(f"filler {i}")
    put_scope("bottom", [put_text("the bottom")])

    def act(what: str) -> None:
        if what == "clear list":
            clear("list")
            put_text("list cleared", scope="log")
        elif what == "remove temp":
            remove("temp")
            put_text("temp removed", scope="log")
        elif what == "scroll bottom":
            scroll_to("bottom", position="bottom")
        elif what == "scroll top":
            scroll_to("list", position="top")

    put_buttons(["clear list", "remove temp", "scroll bottom", "scroll top"], onclick=act, scope="list", position=0)
    put_scope("log", position=0)
    hold()


WIDGET = """
<details class="my-widget" {{#open}}open{{/open}}>
  <summary>{{title}}</summary>
  {{#contents}}{{& pywebio_output_parse}}{{/contents}}
</details>
"""


def widget_style_onclick() -> None:
    put_widget(WIDGET, {"open": True, "title": "Widget <title>", "contents": ["a plain string", put_markdown("**md in widget**"),
                                                                             put_button("widget button", onclick=lambda: put_text("widget clicked"))]})
    put_text("styled text").style("color: rgb(255, 0, 0); font-weight: bold")
    style(put_text("styled by style()"), "background-color: rgb(0, 0, 255)")
    put_text("click this text").onclick(lambda: put_text("text was clicked"))
    put_markdown("**clickable markdown**").style("border: 2px solid rgb(0, 128, 0)").onclick(lambda: put_text("markdown was clicked"))
    hold()


APPS = {
    "text": text_markdown_html,
    "alerts": code_and_alerts,
    "images": links_and_images,
    "files": files,
    "tables": tables,
    "buttons": buttons,
    "progress": progress_and_loading,
    "containers": containers,
    "layouts": layouts,
    "scopes": scopes,
    "widget": widget_style_onclick,
}
