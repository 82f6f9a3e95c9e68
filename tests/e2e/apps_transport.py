"""Apps for the transports and for several apps on one server (served by tests/e2e/test_transport.py
twice: over WebSocket with ``reconnect_timeout`` and over HTTP)."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from webio.input import NUMBER, input, input_group, select
from webio.output import put_buttons, put_link, put_scope, put_text
from webio.session import go_app, hold, register_thread

RECONNECT_TIMEOUT = 3
SERVER_OPTIONS = {"reconnect_timeout": RECONNECT_TIMEOUT}


def ticker() -> None:
    """Ticker

    Counts while the user clicks."""
    pongs = itertools.count(1)
    put_buttons(["ping"], onclick=lambda _: put_text(f"pong {next(pongs)}", scope="log"))
    put_scope("log")
    put_scope("ticks")
    for i in range(1, 61):
        put_text(f"tick {i}", scope="ticks")
        time.sleep(0.05)
    put_text("ticks done")
    hold()


def form_and_callback() -> None:
    """Form and callback"""
    data = input_group("Order", [input("Item", name="item"), input("Count", name="count", type=NUMBER),
                                 select("Speed", ["normal", "express"], name="speed")])
    put_text(f"ordered {data['count']} x {data['item']} ({data['speed']})")
    put_buttons(["again"], onclick=lambda _: put_text("callback ran"))

    def background() -> None:
        time.sleep(0.5)
        put_text("from a thread")

    worker = threading.Thread(target=background)
    register_thread(worker)
    worker.start()
    name = input("Your name")
    put_text(f"bye {name}")


def navigation() -> None:
    """Navigation

    Links and go_app to the other apps."""
    put_link("Open the ticker", app="tick")
    put_buttons(["go here", "go new window"], onclick=lambda which: go_app("order", new_window=which == "go new window"))
    hold()


APPS: dict[str, Any] = {"tick": ticker, "order": form_and_callback, "nav": navigation}
