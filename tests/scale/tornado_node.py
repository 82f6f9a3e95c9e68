"""One "machine" of the two-machine deployment: ``python -m tests.scale.tornado_node PORT``.

A plain ``webio.start_server`` of the cluster apps on PORT, on the bus named by ``WEBIO_BUS``
(as a user would configure it), WebSocket transport, reconnects allowed for 30 s.
"""
from __future__ import annotations

import logging
import sys

from tests.scale.cluster_apps import echo, echo_async
from webio import start_server

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # drain_timeout: the tests stop the nodes with their tabs still open; no need to wait 30 s for them
    start_server([echo, echo_async], port=int(sys.argv[1]), host="127.0.0.1", reconnect_timeout=30, drain_timeout=1)
