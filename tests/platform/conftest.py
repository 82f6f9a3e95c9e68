"""Make the shared test apps (tests/conformance/apps) importable as ``scenario_apps``; ``children``:
the script processes a test starts (``tests.platform.processes.Child``), stopped after it."""
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.platform.processes import Child

_APPS = Path(__file__).resolve().parents[1] / "conformance" / "apps"
if str(_APPS) not in sys.path:
    sys.path.insert(0, str(_APPS))


@pytest.fixture
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    yield started
    for child in started:
        child.stop()
