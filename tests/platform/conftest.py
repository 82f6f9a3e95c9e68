"""Make the shared test apps (tests/conformance/apps) importable as ``scenario_apps``."""
import sys
from pathlib import Path

_APPS = Path(__file__).resolve().parents[1] / "conformance" / "apps"
if str(_APPS) not in sys.path:
    sys.path.insert(0, str(_APPS))
