"""``python -m tests.scale.sigterm_uvicorn PORT``: ``webio.starlette.start_server`` (uvicorn, HTTP
transport, no bus) of tests/scale/deploy_apps.py, draining for up to 5 s, webio's log at INFO."""
from __future__ import annotations

import logging
import sys

from tests.scale.deploy_apps import APPS
from webio.starlette import start_server

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("webio").setLevel(logging.INFO)
    start_server(APPS, port=int(sys.argv[1]), host="127.0.0.1", transport="http", drain_timeout=5)
