"""``webio.platform.tornado`` is ``webio.tornado``: the default server, WebSocket transport."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.tornado")
