"""The resilience tests run real servers from ``apps/`` (see guard_servers.py)."""
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for _path in (_HERE, _HERE / "apps"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
