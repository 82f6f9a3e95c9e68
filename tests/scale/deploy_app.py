"""The app of the multi-process test: ``uvicorn tests.scale.deploy_app:app --workers 2`` (bus from the env)."""
from __future__ import annotations

import os

from webio.input import input as webio_input
from webio.output import put_text
from webio.starlette import asgi_app

ROUNDS = 10


def main() -> None:
    for round_number in range(ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")
    webio_input("More?")


app = asgi_app(main, bus=os.environ["SCALE_TEST_BUS"], transport=os.environ.get("SCALE_TEST_TRANSPORT", "http"),
               reconnect_timeout=30, drain_timeout=2)
