"""The server re-checks what the browser sends: a modified or buggy client cannot get past it."""
from __future__ import annotations

import base64
import logging
from typing import Any

import pytest

from webio.input import (FLOAT, NUMBER, actions, checkbox, file_upload, input, input_group, radio, select, slider,
                         textarea)
from webio.output import put_text
from webio.testing import AppClient

from .kinds import ask


def send(client: AppClient, event: str, data: Any) -> AppClient:
    """Send an event for the form on screen, bypassing the browser's own checks."""
    form = client.form
    assert form is not None
    client.browser.queue([{"event": event, "task_id": form.task_id, "data": data}])
    return client.wait_idle()  # type: ignore[return-value]


def file_object(name: str, content: bytes) -> dict[str, Any]:
    return {"filename": name, "content": base64.b64encode(content).decode(), "mime_type": "text/plain",
            "last_modified": 1700000000000}


def test_required_is_enforced_by_the_server(run: Any) -> None:
    async def app() -> None:
        put_text("got", await ask(input("Name", required=True)))

    client = run(app)
    send(client, "from_submit", {"data": ""})
    assert client.form is not None
    assert client.form.inputs[0].invalid_feedback == "Please fill in this field."
    client.submit("Ada")
    assert "got Ada" in client.text


def test_file_over_max_size_is_refused(run: Any) -> None:
    async def app() -> None:
        f = await ask(file_upload("Doc", max_size='4K'))
        put_text("accepted", f['filename'], len(f['content']))

    client = run(app)
    assert client.form.inputs[0].spec["max_size"] == 4096
    client.upload("data", [("big.txt", b"x" * 5000)], submit=True)
    assert client.form is not None  # not accepted
    assert client.form.inputs[0].invalid_feedback == "'big.txt' is larger than the limit of 4K"
    assert "accepted" not in client.text
    client.upload("data", [("small.txt", b"x" * 4096)], submit=True)
    assert "accepted small.txt 4096" in client.text


def test_files_over_max_total_size_are_refused(run: Any) -> None:
    async def app() -> None:
        files = await ask(file_upload("Docs", multiple=True, max_total_size='1K', max_size=800))
        put_text("accepted", len(files))

    client = run(app)
    client.upload("data", [("a.txt", b"a" * 600), ("b.txt", b"b" * 600)], submit=True)
    assert "larger than the limit of 1K" in client.form.inputs[0].invalid_feedback
    client.upload("data", [("a.txt", b"a" * 900)], submit=True)
    assert "larger than the limit of 800 bytes" in client.form.inputs[0].invalid_feedback
    client.upload("data", [("a.txt", b"a" * 500), ("b.txt", b"b" * 500)], submit=True)
    assert "accepted 2" in client.text


def test_uploaded_file_names_cannot_point_elsewhere(run: Any) -> None:
    async def app() -> None:
        f = await ask(file_upload("Doc"))
        put_text("name:", f['filename'], f['last_modified'])

    client = run(app)
    send(client, "from_submit", {"data": file_object("../../etc/passwd", b"root")})
    assert "name: passwd 1700000000.0" in client.text  # last_modified in seconds, as PyWebIO


def test_malformed_file_data_is_dropped(run: Any, caplog: Any) -> None:
    async def app() -> None:
        put_text("got", (await ask(file_upload("Doc")))['filename'])

    client = run(app)
    with caplog.at_level(logging.WARNING, logger="webio.input"):
        send(client, "from_submit", {"data": {"filename": "a.txt", "content": "not base64!"}})
    assert client.form is not None and "not valid base64" in caplog.text
    client.upload("data", [("a.txt", b"ok")], submit=True)
    assert "got a.txt" in client.text


@pytest.mark.parametrize("bad", [7, -1, "0", [0], True])
def test_option_index_not_offered_is_dropped(run: Any, caplog: Any, bad: Any) -> None:
    async def app() -> None:
        put_text("chose", repr(await ask(select("Pick", ["a", "b"]))))

    client = run(app)
    with caplog.at_level(logging.WARNING, logger="webio.input"):
        send(client, "from_submit", {"data": bad})
    assert client.form is not None and "dropped from_submit" in caplog.text
    client.submit("b")
    assert "chose 'b'" in client.text


def test_disabled_option_cannot_be_chosen(run: Any) -> None:
    async def app() -> None:
        put_text("chose", repr(await ask(radio("Pick", ["a", ("b", "B", False, True)]))))

    client = run(app)
    send(client, "from_submit", {"data": 1})
    assert client.form is not None
    client.submit("a")
    assert "chose 'a'" in client.text


def test_checkbox_values_map_back(run: Any) -> None:
    async def app() -> None:
        put_text(repr(await ask(checkbox("Pick", [("one", 1), ("two", 2), ("three", 3)]))))

    client = run(app)
    send(client, "from_submit", {"data": [2, 0]})
    assert "[3, 1]" in client.text


def test_number_syntax_is_checked(run: Any) -> None:
    async def app() -> None:
        n = await ask(input("N", type=NUMBER))
        x = await ask(input("X", type=FLOAT))
        put_text(repr(n), repr(x))

    client = run(app)
    send(client, "from_submit", {"data": "abc"})
    assert client.form.inputs[0].invalid_feedback == "Please enter a whole number."
    send(client, "from_submit", {"data": 2.5})
    assert client.form.inputs[0].invalid_feedback == "Please enter a whole number."
    send(client, "from_submit", {"data": "12"})
    send(client, "from_submit", {"data": "1e3"})
    assert "12 1000.0" in client.text


def test_empty_number_is_none(run: Any) -> None:
    async def app() -> None:
        put_text(repr(await ask(input("N", type=NUMBER))))

    client = run(app)
    client.submit()
    assert "None" in client.text


def test_maxlength_is_enforced(run: Any) -> None:
    async def app() -> None:
        put_text(await ask(textarea("Bio", maxlength=5)))

    client = run(app)
    send(client, "from_submit", {"data": "toolong"})
    assert client.form.inputs[0].invalid_feedback == "Please use at most 5 characters (you used 7)."
    client.submit("short")
    assert "short" in client.text


def test_slider_range_is_enforced(run: Any) -> None:
    async def app() -> None:
        put_text(repr(await ask(slider("Level", max_value=10))))

    client = run(app)
    send(client, "from_submit", {"data": 11})
    assert client.form.inputs[0].invalid_feedback == "Please choose a value between 0 and 10."
    send(client, "from_submit", {"data": 10})
    assert "10" in client.text


def test_cancel_of_a_form_without_cancel_is_dropped(run: Any) -> None:
    async def app() -> None:
        put_text("got", await ask(input("Name")))

    client = run(app)
    send(client, "from_cancel", None)
    assert client.form is not None
    client.submit("x")
    assert "got x" in client.text


def test_blur_marks_a_valid_value(run: Any) -> None:
    async def app() -> None:
        await ask(input("Even", type=NUMBER, validate=lambda n: None if n % 2 == 0 else "odd"))

    client = run(app)
    client.blur("data", 3)
    assert client.form.inputs[0].valid_status is False
    client.blur("data", 4)
    assert client.form.inputs[0].valid_status is True


def test_group_values_missing_from_submit_are_empty(run: Any) -> None:
    async def app() -> None:
        data = await ask(input_group("G", [input("A", name="a"), checkbox("B", ["x"], name="b"),
                                           actions("C", ["go"], name="c")]))
        put_text(repr(data))

    client = run(app)
    send(client, "from_submit", {})
    assert "{'a': '', 'b': [], 'c': None}" in client.text


def test_session_survives_protocol_errors(run: Any) -> None:
    async def app() -> None:
        put_text("got", await ask(input("Name")))

    client = run(app)
    send(client, "input_event", {"event_name": "change", "name": "nope", "value": 1})
    send(client, "from_submit", {"data": {"not": "a string"}})
    client.submit("fine")
    assert "got fine" in client.text
