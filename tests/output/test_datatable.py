"""put_datatable and datatable_update/insert/remove through webio.testing (the grid in Chromium is
tests/e2e/test_datatable.py)."""
from __future__ import annotations

import json
import logging
import math
from typing import Any

import pandas
import pytest

from webio.output import (
    datatable_insert,
    datatable_remove,
    datatable_update,
    put_buttons,
    put_datatable,
    put_text,
)
from webio.session import hold
from webio.testing import FormError, NotFoundError, run_app

PEOPLE = [{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}, {"name": "Grace", "age": 45}]


def people_app(**options: Any) -> Any:
    def app() -> None:
        put_datatable([dict(p) for p in PEOPLE], instance_id="people",
                      onselect=lambda row_id: put_text(f"selected {row_id!r}"),
                      actions=[("Delete", lambda row_id: datatable_remove("people", row_id))], **options)
        hold()

    return app


def test_rows_columns_and_text() -> None:
    client = run_app(people_app())
    table = client.datatable("people")
    assert table.headers == ["name", "age"]
    assert table.column("name") == ["Ada", "Alan", "Grace"]
    assert table.ids == [0, 1, 2]
    assert "Alan\t41" in client.text
    spec = client.find("datatable")[0].spec
    assert spec["fields"] == ["name", "age"] and spec["rows"][1] == ["Alan", 41]  # rows travel column-wise


def test_select_calls_onselect_and_actions_act_on_the_selection() -> None:
    client = run_app(people_app())
    client.select_rows("people", 1)
    assert "selected 1" in client.text
    client.click("Delete")
    assert client.datatable("people").column("name") == ["Ada", "Grace"]
    assert client.datatable("people").ids == [0, 2]


def test_actions_are_disabled_without_a_selection() -> None:
    client = run_app(people_app())
    with pytest.raises(FormError, match="select a row first"):
        client.click("Delete")


def test_update_insert_remove() -> None:
    def app() -> None:
        put_datatable([dict(p) for p in PEOPLE], instance_id="t")

        def act(what: str) -> None:
            if what == "row":
                datatable_update("t", {"name": "Ada L.", "age": 37}, row_id=0)
            elif what == "cell":
                datatable_update("t", 99, row_id=1, field="age")
            elif what == "insert":
                datatable_insert("t", [{"name": "Linus", "age": 28}])
            elif what == "insert first":
                datatable_insert("t", {"name": "Barbara", "age": 50}, row_id=0)
            elif what == "remove":
                datatable_remove("t", [2, 3])
            elif what == "replace":
                datatable_update("t", [{"name": "Only", "age": 1}])

        put_buttons(["row", "cell", "insert", "insert first", "remove", "replace"], onclick=act)
        hold()

    client = run_app(app)
    for label in ("row", "cell", "insert", "insert first"):
        client.click(label)
    table = client.datatable("t")
    assert table.column("name") == ["Barbara", "Ada L.", "Alan", "Grace", "Linus"]
    assert table.column("age") == [50, 37, 99, 45, 28]
    assert table.ids == [4, 0, 1, 2, 3]  # inserted rows continue the index
    client.click("remove")
    assert client.datatable("t").column("name") == ["Barbara", "Ada L.", "Alan"]
    client.click("replace")
    assert client.datatable("t").column("name") == ["Only"] and client.datatable("t").ids == [0]


def test_id_field_multiple_select_and_nested_records() -> None:
    records = [{"id": "a", "info": {"age": 1, "city": "X"}}, {"id": "b", "info": {"age": 2, "city": "Y"}}]

    def app() -> None:
        put_datatable(records, id_field="id", multiple_select=True, instance_id="n",
                      onselect=lambda ids: put_text(f"picked {ids!r}"),
                      actions=[("Count", lambda ids: put_text(f"{len(ids)} rows"))],
                      column_order={"info": ["city", "age"]}, column_args={("info", "age"): {"headerName": "Age"}})
        hold()

    client = run_app(app)
    table = client.datatable("n")
    assert table.ids == ["a", "b"]
    assert table.columns == [("info.city", "city"), ("info.age", "Age")]  # id is kept but not shown
    assert table.row("b") == {"info.city": "Y", "info.age": 2, "id": "b"}
    spec = client.find("datatable")[0].spec
    assert spec["columns"][0]["headerName"] == "info" and len(spec["columns"][0]["children"]) == 2
    client.select_rows("n", ["a", "b"])
    assert "picked ['a', 'b']" in client.text
    client.click("Count")
    assert "2 rows" in client.text


def test_dataframe_rows_and_cell_values() -> None:
    frame = pandas.DataFrame({"x": [1.5, math.nan, 3.0], "when": pandas.to_datetime(["2024-01-02"] * 3),
                              "n": pandas.array([1, 2, 3], dtype="int64")})

    def app() -> None:
        put_datatable(frame, instance_id="df")
        hold()

    client = run_app(app)
    table = client.datatable("df")
    assert table.column("x") == [1.5, None, 3.0]  # NaN cannot travel as JSON: an empty cell
    assert table.column("n") == [1, 2, 3]
    assert table.column("when")[0] == "2024-01-02 00:00:00"
    json.dumps(client.find("datatable")[0].spec, allow_nan=False)


class JSFunction:
    def __init__(self, *params_and_body: str) -> None:
        self.params = params_and_body[:-1]
        self.body = params_and_body[-1]


def test_js_functions_in_column_and_grid_args_travel_apart() -> None:
    def app() -> None:
        put_datatable([{"a": 1}], column_args={"a": {"valueFormatter": JSFunction("p", "return p.value + '!'")}},
                      grid_args={"rowHeight": 40, "getRowClass": JSFunction("p", "return 'x'")})
        hold()

    spec = run_app(app).find("datatable")[0].spec
    assert spec["columns"][0]["valueFormatter"] is None
    assert spec["functions"] == {"columns": [[[0, "valueFormatter"], ["p"], "return p.value + '!'"]],
                                 "grid": [[["getRowClass"], ["p"], "return 'x'"]]}
    assert spec["grid_args"] == {"rowHeight": 40, "getRowClass": None}


def test_bad_browser_selection_is_logged_and_ignored(caplog: Any) -> None:
    client = run_app(people_app())
    callback = client.find("datatable")[0].spec["onselect"]
    with caplog.at_level(logging.WARNING, logger="webio.output"):
        client._act([{"event": "callback", "task_id": callback, "data": {"evil": True}}])
        client.wait_idle()
    assert "ignored a datatable select event" in caplog.text
    assert "selected" not in client.text
    client.select_rows("people", 2)
    assert "selected 2" in client.text  # the session goes on


@pytest.mark.parametrize("call, message", [
    (lambda: put_datatable("nope"), "list of dicts or a pandas DataFrame"),
    (lambda: put_datatable([1, 2]), "records are dicts"),
    (lambda: put_datatable([{"a": 1}], theme="neon"), "use one of balham"),
    (lambda: put_datatable([{"a": 1}], id_field="id"), "record 0 has no such field"),
    (lambda: put_datatable([{"id": 1}, {"id": 1}], id_field="id"), "row ids must be unique"),
    (lambda: put_datatable([{"a": 1}], actions=[("x",)]), "(label, callback) pairs"),
    (lambda: put_datatable([{"a": 1}], grid_args={"f": object()}), "JSON values or JSFunction"),
    (lambda: datatable_update("", []), "needs the instance_id"),
    (lambda: datatable_update("t", 1, field="a"), "needs row_id"),
    (lambda: datatable_remove("t", [None]), "row ids"),
])
def test_misuse_says_what_to_do(call: Any, message: str) -> None:
    errors: list[str] = []

    def app() -> None:
        try:
            call()
        except (TypeError, ValueError) as exc:
            errors.append(str(exc))

    run_app(app).wait_idle()
    assert errors and message in errors[0]


def test_enterprise_key_warns_and_the_table_still_shows() -> None:
    def app() -> None:
        with pytest.warns(UserWarning, match="AG Grid Community only"):
            put_datatable([{"a": 1}], instance_id="e", enterprise_key="KEY")
        hold()

    assert run_app(app).datatable("e").column("a") == [1]


def test_unknown_instance_is_reported_by_the_page() -> None:
    def app() -> None:
        datatable_remove("ghost", 1)
        hold()

    client = run_app(app)
    assert any("ghost" in line for line in client.console)
    with pytest.raises(NotFoundError, match="no datatable"):
        client.datatable("ghost")


def test_the_docs_example_runs() -> None:
    import re
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "datatable.md"
    namespace: dict[str, Any] = {}
    exec(compile(re.findall(r"```python\n(.*?)```", doc.read_text(), re.S)[0], str(doc), "exec"), namespace)
    client = run_app(namespace["app"])
    table = client.datatable("people")
    assert table.column("name") == ["Ada", "Alan", "Grace"] and table.column("age") == [37, 41, 45]
    client.select_rows("people", 1)
    assert client.toasts[-1].content == "row 1 selected"
    client.click("Greet")
    assert client.toasts[-1].content == "Hello Alan"
    client.click("Delete")
    assert client.datatable("people").column("name") == ["Ada", "Grace"]


def test_columns_default_to_the_first_record_and_column_args_match_names_or_paths() -> None:
    records = [{"b": 1, "a": {"b": 2, "c": 3}}, {"b": 4, "a": {"b": 5, "c": 6}, "extra": "not shown"}]

    def app() -> None:
        put_datatable(records, instance_id="c", column_args={"b": {"width": 80}, ("a", "c"): {"headerName": "C"},
                                                             "a": {"headerName": "Group A"}})
        hold()

    client = run_app(app)
    table = client.datatable("c")
    assert table.columns == [("b", "b"), ("a.b", "b"), ("a.c", "C")]
    spec = client.find("datatable")[0].spec
    assert spec["columns"][0]["width"] == 80 and spec["columns"][1]["children"][0]["width"] == 80
    assert spec["columns"][1]["headerName"] == "Group A"
    assert "extra" not in spec["fields"]


def test_nested_column_order_dict_as_pywebio_documents() -> None:
    records = [{"a": {"b": {"c": 1, "d": 2}, "e": 3}, "f": 4}]

    def app() -> None:
        put_datatable(records, instance_id="o", column_order={"f": None, "a": {"e": None, "b": {"d": None}}})
        hold()

    assert [key for key, _ in run_app(app).datatable("o").columns] == ["f", "a.e", "a.b.d"]


def test_async_client_selects_rows_of_a_coroutine_app() -> None:
    import asyncio

    from webio.testing import AsyncAppClient

    async def app() -> None:
        put_datatable([{"n": 1}, {"n": 2}], instance_id="a", onselect=lambda row_id: put_text(f"got {row_id}"))

    async def scenario() -> None:
        async with AsyncAppClient(app) as client:
            await client.wait_idle()
            await client.select_rows("a", 1)
            assert "got 1" in client.text

    asyncio.run(scenario())


def test_cell_values_of_every_kind_become_json_scalars() -> None:
    import decimal
    import enum

    from webio.output.datatable import cell_value

    class Color(enum.Enum):
        RED = 1

    frame = pandas.DataFrame({"i": pandas.array([1, None], dtype="Int64")})
    assert [cell_value(v) for v in frame["i"]] == [1, None]  # pandas.NA
    assert cell_value(pandas.NaT) is None
    assert cell_value(decimal.Decimal("NaN")) is None and cell_value(decimal.Decimal("1.5")) == "1.5"
    assert cell_value(float("inf")) is None and cell_value(Color.RED) == "Color.RED"
    assert cell_value([1, 2]) == "[1, 2]" and cell_value(frame["i"].to_numpy()) == str(frame["i"].to_numpy())
