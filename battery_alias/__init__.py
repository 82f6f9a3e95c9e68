"""``webio_battery``: ``webio.battery`` under the name PyWebIO programs import (``pywebio_battery`` → ``webio_battery``).

Example: ``from webio_battery import confirm``
"""
from webio.battery import *  # noqa: F403 (re-exports the whole public API)
from webio.battery import __all__ as __all__  # noqa: PLC0414
