"""``webio.platform.fastapi`` is ``webio.starlette``: FastAPI apps mount Starlette routes."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("webio.starlette")
