"""``webio.platform.starlette`` is ``webio.starlette`` (PyWebIO's module name for the starlette plugin)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.starlette")
