"""``python -m tests.scale.sigterm_aiohttp PORT``: ``webio.aiohttp.start_server`` (aiohttp's
``web.run_app``, WebSocket transport, no bus) of tests/scale/deploy_apps.py, draining for up to
$SCALE_TEST_DRAIN seconds, webio's log at INFO."""
from __future__ import annotations

import logging
import os
import sys

from tests.scale.deploy_apps import APPS
from webio.aiohttp import start_server

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("webio").setLevel(logging.INFO)
    start_server(APPS, port=int(sys.argv[1]), host="127.0.0.1", drain_timeout=float(os.environ["SCALE_TEST_DRAIN"]))
