"""The page loads, connects, and shows a text output."""

from __future__ import annotations

from typing import Any

from .conftest import out


def test_text_output_shows(client: Any) -> None:
    client.send(out("text", content="Hello <b>world</b>"))
    client.page.wait_for_selector("text=Hello <b>world</b>")
    assert client.text() == "Hello <b>world</b>"
    assert not client.errors()
