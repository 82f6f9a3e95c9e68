"""The examples of docs/battery.md run as written."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "battery.md"


def test_the_testing_example_passes() -> None:
    block = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)[-1]
    namespace: dict[str, Any] = {}
    exec(compile(block, str(DOC), "exec"), namespace)
    namespace["test_login_survives_a_reload"]()
