"""Item specs as the browser receives them, and reading values back (no session needed)."""
from __future__ import annotations

import base64
from typing import Any

import pytest

from webio.exceptions import RemoteProtocolError
from webio.input import FLOAT, NUMBER, actions, file_upload, input, select, slider, textarea
from webio.input.files import human_size, safe_filename
from webio.input.items import InvalidInput


def test_named_items_are_specs_with_indexes() -> None:
    item = select("Pick", [{"label": "A", "value": object()}, ("B", [1, 2], True)], name="p", multiple=True,
                  help_text="help", data_test="x")
    spec = item.wire_spec()
    assert spec["options"] == [{"label": "A", "value": 0, "selected": False, "disabled": False},
                               {"label": "B", "value": 1, "selected": True, "disabled": False}]
    assert (spec["type"], spec["name"], spec["multiple"], spec["help_text"], spec["data_test"]) == (
        "select", "p", True, "help", "x")
    assert item.parse([1]) == [[1, 2]]


def test_buttons_spec() -> None:
    item = actions("Go", [("Save", "s"), {"label": "Drop", "type": "cancel", "color": "danger"}], name="a")
    assert item.wire_spec()["buttons"] == [
        {"label": "Save", "value": 0, "type": "submit", "disabled": False},
        {"label": "Drop", "value": 1, "type": "cancel", "disabled": False, "color": "danger"},
    ]
    assert item.parse(0) == "s" and item.parse(None) is None


def test_flags_for_callbacks() -> None:
    spec = input("N", name="n", type=NUMBER, validate=lambda v: None, onchange=print).wire_spec()
    assert spec["onblur"] is True and spec["onchange"] is True
    assert "onblur" not in input("M", name="m").wire_spec()


@pytest.mark.parametrize("kind, raw, value", [
    (NUMBER, 3, 3), (NUMBER, "  42 ", 42), (NUMBER, 4.0, 4), (NUMBER, None, None), (NUMBER, "", None),
    (FLOAT, 1, 1.0), (FLOAT, "2.5", 2.5),
])
def test_number_values(kind: str, raw: Any, value: Any) -> None:
    parsed = input("N", name="n", type=kind).parse(raw)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("raw", ["nan", "inf", "x"])
def test_bad_numbers_are_shown_to_the_user(raw: str) -> None:
    with pytest.raises(InvalidInput):
        input("N", name="n", type=FLOAT).parse(raw)


def test_textarea_length_counts_utf16_units() -> None:
    item = textarea("T", name="t", maxlength=2)
    assert item.parse("😀") == "😀"  # one emoji = 2 UTF-16 units, as the browser counts
    with pytest.raises(InvalidInput):
        item.parse("😀a")


def test_slider_kinds() -> None:
    assert slider("S", name="s").wire_spec()["step"] == 1
    float_slider = slider("S", name="s", max_value=1.0)
    assert float_slider.wire_spec()["step"] == "any" and float_slider.parse(1) == 1.0
    with pytest.raises(RemoteProtocolError):
        slider("S", name="s").parse(2.5)


def test_file_spec_and_sizes() -> None:
    item = file_upload("F", accept=[".png", "image/*"], name="f", multiple=True, max_size="1.5K",
                       max_total_size="2M")
    spec = item.wire_spec()
    assert (spec["accept"], spec["max_size"], spec["max_total_size"]) == (".png,image/*", 1536, 2 * 1024 ** 2)
    raw = {"filename": "C:\\Users\\me\\a.txt", "content": base64.b64encode(b"hi").decode(), "mime_type": "text/plain",
           "last_modified": 1.5}
    assert item.parse([raw]) == [{"filename": "a.txt", "content": b"hi", "mime_type": "text/plain",
                                  "last_modified": 0.0015}]  # seconds, as PyWebIO


@pytest.mark.parametrize("name, safe", [("a.txt", "a.txt"), ("../../x", "x"), ("..", "file"), ("dir/", "file"),
                                        ("a\x00b", "ab")])
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_human_size() -> None:
    assert [human_size(n) for n in (500, 4096, 1536, 3 * 1024 ** 2)] == ["500 bytes", "4K", "1.5K", "3M"]
