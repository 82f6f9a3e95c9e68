"""Skip this folder without aiohttp; make the shared test apps and fake browser importable."""
import sys
from pathlib import Path

import pytest

pytest.importorskip("aiohttp", reason="webio.aiohttp tests need aiohttp: pip install webio[aiohttp]")

_CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
for _path in (_CONFORMANCE, _CONFORMANCE / "apps"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
