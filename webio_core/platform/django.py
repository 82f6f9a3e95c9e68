"""``webio.platform.django`` is ``webio.django`` (PyWebIO's module name for the django plugin)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.django")
