"""Run as ``python -m tests.flask.bus_metrics_scenario REDIS_URL``: two workers of one app (two inputs, one button) on a Redis
bus (``webio.testing.workers``, ``route='wrong'``: every request after the opening one goes to the
worker that does not own the session), metrics on; prints the requests each worker answered and the frames the tab applied, then
the exposition. Both workers count into this process's one registry, so anything counted by the
non-owner as well as the owner would show twice."""
from __future__ import annotations

import json
import sys

from webio.input import input
from webio.metrics import enable_metrics, exposition
from webio.output import put_buttons, put_text
from webio.testing import connect, workers


def greet() -> None:
    put_buttons(["Ping"], onclick=lambda _: put_text("pong"))
    name = input("Your name")
    put_text(f"Hello, {name}")
    again = input("Once more")
    put_text(f"Again: {again}")
    input("Done?")


def main(bus: str) -> None:
    enable_metrics()
    with workers(greet, n=2, bus=bus, transport="http", route="wrong", reconnect_timeout=10) as cluster:
        client = connect(cluster.url, transport="http")
        client.submit("Ada")
        client.wait_until(lambda c: "Hello, Ada" in c.text)
        client.submit("again")
        client.wait_until(lambda c: "Again: again" in c.text)
        client.click("Ping")
        client.wait_until(lambda c: "pong" in c.text)
        client.wait_idle()
        print(json.dumps({"served": cluster.served, "frames": client.browser.last_frame_seq}))
        print(exposition().decode())
        client.close()


if __name__ == "__main__":
    main(sys.argv[1])
