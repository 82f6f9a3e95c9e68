"""``webio.platform.aiohttp`` is ``webio.aiohttp`` (PyWebIO's module name for the aiohttp plugin)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.aiohttp")
