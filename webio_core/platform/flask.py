"""``webio.platform.flask`` is ``webio.flask`` (PyWebIO's module name for the flask plugin)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.flask")
