"""One node of the Redis-outage tests: ``python -m tests.scale.outage_node PORT``.

A Tornado server on PORT with the cluster apps (and ``uploader``) at ``/`` over WebSocket (reconnects allowed for
30 s; at ``/short`` for 1 s) and at ``/http`` over the HTTP transport, on the bus named by
``WEBIO_BUS``.
"""
from __future__ import annotations

import asyncio
import logging
import sys

import tornado.web

from tests.scale.cluster_apps import echo, echo_async, uploader
from webio.platform.tornado import webio_handler


async def main(port: int) -> None:
    apps = [echo, echo_async, uploader]
    application = tornado.web.Application([
        (r"/", webio_handler(apps, reconnect_timeout=30)),
        (r"/http", webio_handler(apps, transport="http")),
        (r"/short", webio_handler(apps, reconnect_timeout=1)),
    ])
    application.listen(port, address="127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(int(sys.argv[1])))
