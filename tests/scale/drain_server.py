"""``python -m tests.scale.drain_server PORT``: the default Tornado ``start_server`` (HTTP transport,
or $SCALE_TEST_TRANSPORT; no bus) with ``drain_timeout`` from $SCALE_TEST_DRAIN, serving
tests/scale/deploy_apps.py."""
from __future__ import annotations

import os
import sys

from tests.scale.deploy_apps import APPS
from webio.tornado import start_server

if __name__ == "__main__":
    start_server(APPS, port=int(sys.argv[1]), host="127.0.0.1", transport=os.environ.get("SCALE_TEST_TRANSPORT", "http"),
                 drain_timeout=float(os.environ["SCALE_TEST_DRAIN"]))
