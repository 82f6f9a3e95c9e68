"""The apps of the multi-process tests (Flask, Django, Starlette on several workers): each asks for a name
``ROUNDS`` times, says hello each time, then says "done" and returns (its session closes)."""
from __future__ import annotations

import os

from webio.input import input as webio_input
from webio.output import put_text
from webio.session import defer_call

ROUNDS = 10
SHORT_ROUNDS = 3


def rounds() -> None:
    for round_number in range(ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")


async def rounds_async() -> None:
    for round_number in range(ROUNDS):
        name = await webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")


def short() -> None:
    for round_number in range(SHORT_ROUNDS):
        name = webio_input(f"Name {round_number}")
        put_text(f"Hello {name} #{round_number}")
    put_text("done")


def held() -> None:
    """``short``, with a deferred call that appends its session's end to $SCALE_TEST_MARKERS."""
    markers = os.environ.get("SCALE_TEST_MARKERS")
    if markers:
        defer_call(lambda: open(markers, "a").write(f"deferred {os.getpid()}\n"))
    put_text("ready")
    short()


APPS = {"rounds": rounds, "rounds_async": rounds_async, "short": short, "held": held}
# gunicorn -k gthread --threads 8: keep held long polls below the thread count (docs/deployment.md);
# a short drain, so stopping the test servers takes little time (tests/scale/test_drain.py tests it).
OPTIONS = {"http_max_held_polls": 4, "drain_timeout": float(os.environ.get("SCALE_TEST_DRAIN", "2"))}
