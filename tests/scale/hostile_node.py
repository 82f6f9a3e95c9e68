"""One worker of the hostile-input tests: ``python -m tests.scale.hostile_node PORT``.

A Tornado server on PORT, on the bus named by ``WEBIO_BUS``, serving the wire-level echo apps of
the conformance suite (``tests/conformance/apps/scenario_apps.py``: ``eval_js('next()')`` answered
back with ``run_js('echo', value, count)``) with its limits (256 KiB events, one allowed foreign
origin): over WebSocket at ``/`` (reconnects allowed for 30 s) and over HTTP at ``/http``.
"""
from __future__ import annotations

import asyncio
import logging
import sys

import tornado.web

from tests.conformance.apps.scenario_apps import HTTP_OPTIONS, OPTIONS, echo, echo_async
from webio.platform.tornado import webio_handler


async def main(port: int) -> None:
    apps = [echo, echo_async]
    application = tornado.web.Application([
        (r"/", webio_handler(apps, reconnect_timeout=30, **OPTIONS)),
        (r"/http", webio_handler(apps, transport="http", **OPTIONS, **HTTP_OPTIONS)),
    ])
    application.listen(port, address="127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(int(sys.argv[1])))
