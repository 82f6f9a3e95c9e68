"""The examples of docs/testing.md run as written."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_the_greeter_example_passes() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(blocks()[0], str(DOC), "exec"), namespace)
    namespace["test_greeter"]()


def test_the_async_example_passes() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(blocks()[1], str(DOC), "exec"), namespace)
    namespace["test_counter"]()


def test_the_fixture_example_passes(webio_client: Any) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(blocks()[0], str(DOC), "exec"), namespace)
    exec(compile(blocks()[2], str(DOC), "exec"), namespace)
    namespace["test_with_fixture"](webio_client)
    assert webio_client.clients and "Your name" not in webio_client.clients[0].text
