"""PyWebIO 1.8 names: DATETIME, set_scope, Position/OutputPosition, put/set_progressbar, JSFunction,
session.data/get_info (deprecated), pin.get_pin_values."""
from __future__ import annotations

import warnings
from typing import Any

import pytest

from webio.input import DATETIME, DATETIME_LOCAL, input
from webio.output import (JSFunction, OutputPosition, Position, put_progressbar, put_text, scroll_to, set_progressbar,
                          set_scope)
from webio.pin import get_pin_values, put_input, put_select
from webio.session import data, get_info, local

from tests.input.kinds import ask


def test_datetime_is_a_datetime_local_input(webio_client: Any) -> None:
    def app() -> None:
        put_text("at", input("When", type=DATETIME))

    client = webio_client(app)
    assert DATETIME == DATETIME_LOCAL
    assert client.form["data"].spec["type"] == "datetime-local"
    client.submit("2024-05-01T10:30")
    assert client.text.endswith("at 2024-05-01T10:30")


def test_set_scope_creates_fills_clears_and_replaces(webio_client: Any) -> None:
    def app() -> None:
        put_text("bottom line")
        set_scope("top", position=OutputPosition.TOP)
        put_text("in top", scope="top")
        set_scope("top")                         # exists: left alone
        put_text("more", scope="top")
        set_scope("inner", container_scope="top")
        put_text("nested", scope="inner")
        set_scope("inner", container_scope="top", if_exist="clear")
        put_text("after clear", scope="inner")
        scroll_to("top", Position.BOTTOM)

    client = webio_client(app)
    assert client.text.splitlines() == ["in top", "more", "after clear", "bottom line"]
    assert client.scope("inner").text == "after clear"


def test_set_scope_remove_replaces_the_scope_and_misuse_says_what_to_do(webio_client: Any) -> None:
    def app() -> None:
        set_scope("a")
        put_text("old", scope="a")
        set_scope("a", if_exist="remove")
        put_text("new", scope="a")
        with pytest.raises(ValueError, match="'clear', 'remove'"):
            set_scope("a", if_exist="wipe")
        with pytest.raises(ValueError, match="invalid scope name"):
            set_scope("a b")

    client = webio_client(app)
    assert client.text == "new"


def test_progressbar_names(webio_client: Any) -> None:
    def app() -> None:
        put_progressbar("bar", 0.25, label="loading")
        set_progressbar("bar", 0.75, label="almost")

    client = webio_client(app)
    [bar] = client.find("processbar")
    assert bar.spec["value"] == 0.75 and bar.text == "almost"


def test_jsfunction_keeps_params_and_body() -> None:
    func = JSFunction("a", "b", "return a + b")
    assert func.params == ("a", "b") and func.body == "return a + b"
    assert JSFunction("return 1").params == ()
    assert func == JSFunction("a", "b", "return a + b")
    with pytest.raises(ValueError, match="at least the function body"):
        JSFunction()
    with pytest.raises(TypeError, match="as strings"):
        JSFunction("x", 3)  # type: ignore[arg-type]


def test_deprecated_session_data_and_get_info_still_work(webio_client: Any) -> None:
    def app() -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data().visits = 3
            agent = get_info().user_agent
        put_text("visits", local.visits, "agent", type(agent).__name__)
        put_text(" / ".join(str(w.category.__name__) + ": " + str(w.message) for w in caught))

    client = webio_client(app)
    assert "visits 3 agent" in client.text
    assert "DeprecationWarning: webio.session.data() is deprecated: use webio.session.local" in client.text
    assert "DeprecationWarning: webio.session.get_info() is deprecated: use webio.session.info" in client.text


def test_get_pin_values_reads_several_widgets(run: Any) -> None:
    async def app() -> None:
        put_input("name", value="Ada")
        put_select("size", [("Small", 1), ("Large", 2)], value=2)
        put_text(repr(await ask(get_pin_values(["name", "size", "missing"]))))
        put_text(repr(await ask(get_pin_values([]))))

    client = run(app)
    assert client.text.splitlines()[-2:] == ["{'name': 'Ada', 'size': 2}", "{}"]


def test_get_pin_values_takes_a_list(webio_client: Any) -> None:
    def app() -> None:
        with pytest.raises(TypeError, match=r"get_pin_values\(\['a', 'b'\]\)"):
            get_pin_values("name")
        put_text("checked")

    assert webio_client(app).text == "checked"


def test_put_file_upload_pin_is_a_file_widget(run: Any) -> None:
    from webio.pin import pin, put_file_upload

    async def app() -> None:
        put_file_upload("doc", label="Document", accept=[".txt", ".md"], max_size="1K")
        put_text("before any file:", repr(await ask(pin.doc)))

    client = run(app)
    widget = client.page.pin("doc")
    assert widget.type == "file" and widget.spec["accept"] == ".txt,.md" and widget.spec["max_size"] == 1024
    assert client.text.endswith("before any file: None")
