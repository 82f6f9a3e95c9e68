"""Apps with put_datatable (served by tests/e2e/test_datatable.py, one ``?app=`` each)."""

from __future__ import annotations

from typing import Any

from webio.output import (
    datatable_insert,
    datatable_remove,
    datatable_update,
    put_buttons,
    put_datatable,
    put_scope,
    put_text,
    use_scope,
)
from webio import config
from webio.session import hold

from .ui import XSS

PEOPLE = [
    {"name": "Ada", "age": 36, "note": XSS},
    {"name": "Alan", "age": 41, "note": "<b>not bold</b>"},
    {"name": "Grace", "age": 45, "note": "plain"},
]


def log(text: str) -> None:
    with use_scope("log"):
        put_text(text)


def people() -> None:
    put_scope("log")
    put_datatable([dict(p) for p in PEOPLE], instance_id="people",
                  onselect=lambda row_id: log(f"selected {row_id!r}"),
                  actions=[("Greet", lambda row_id: log(f"greet {row_id!r}")), None,
                           ("Delete", lambda row_id: datatable_remove("people", row_id))],
                  height=300)

    def change(what: str) -> None:
        if what == "update row":
            datatable_update("people", {"name": "Ada L.", "age": 37, "note": "updated"}, row_id=0)
        elif what == "update cell":
            datatable_update("people", 99, row_id=1, field="age")
        elif what == "insert":
            datatable_insert("people", [{"name": "Linus", "age": 28, "note": "new"}])
        elif what == "insert first":
            datatable_insert("people", {"name": "Barbara", "age": 50, "note": "first"}, row_id=0)
        elif what == "replace":
            datatable_update("people", [{"name": "Only", "age": 1, "note": "one"}])

    put_buttons(["update row", "update cell", "insert", "insert first", "replace"], onclick=change)
    put_text("people ready")
    hold()


def multi() -> None:
    put_scope("log")
    put_datatable([{"id": f"k{i}", "n": i} for i in range(5)], id_field="id", multiple_select=True,
                  onselect=lambda ids: log(f"selected {ids!r}"), actions=[("Sum", lambda ids: log(f"sum of {ids!r}"))],
                  height="260px", cell_content_bar=False)
    put_text("multi ready")
    hold()


def big() -> None:
    put_datatable([{"n": i, "square": i * i, "word": f"row {i}"} for i in range(100_000)], instance_id="big",
                  height=400)
    put_text("big ready")
    hold()


class JSFunction:
    """Shaped as webio.output.JSFunction: parameter names, then the body."""

    def __init__(self, *params_and_body: str) -> None:
        self.params = params_and_body[:-1]
        self.body = params_and_body[-1]


def nested() -> None:
    import pandas

    records = [{"name": "Ada", "info": {"age": 36, "city": "London"}}, {"name": "Alan", "info": {"age": 41, "city": "Wilmslow"}}]
    put_datatable(records, column_order={"info": ["city", "age"], "name": None},
                  column_args={"name": {"headerName": "Full name"},
                               ("info", "age"): {"valueFormatter": JSFunction("params", "return params.value + ' years'")}},
                  grid_args={"rowHeight": 40}, height="auto")
    frame = pandas.DataFrame({"x": [1.5, float("nan"), 3.0], "label": ["a", "b", "c"], XSS: ["k1", "k2", "k3"]})
    put_datatable(frame, instance_id="frame", height="auto")
    put_text("nested ready")
    hold()


@config(theme="dark")
def dark() -> None:
    put_datatable([dict(p) for p in PEOPLE], height=300)
    put_text("dark ready")
    hold()


def plain() -> None:
    put_text("no grid here")
    hold()


def later() -> None:
    def show(_: Any) -> None:
        put_datatable([{"a": 1}], instance_id="later", height=200)
        put_text("grid shown")

    put_buttons(["show grid"], onclick=show)
    put_text("later ready")
    hold()


APPS = {"people": people, "multi": multi, "big": big, "nested": nested, "dark": dark, "plain": plain, "later": later}
