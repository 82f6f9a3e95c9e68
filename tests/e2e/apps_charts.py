"""A page with a chart of every kind (tests/charts/apps.py) and a page without any (served by
tests/e2e/test_charts.py and the offline test)."""

from __future__ import annotations

from webio.output import put_text
from webio.session import hold

from tests.charts.apps import every_chart


def charts() -> None:
    every_chart()
    put_text("all charts put")
    hold()


def no_chart() -> None:
    put_text("a page without charts")
    hold()


APPS = {"charts": charts, "no_chart": no_chart}
