"""A page with a chart of every kind (tests/charts/apps.py) and a page without any (served by
tests/e2e/test_charts.py and the offline test)."""

from __future__ import annotations

from webio.output import put_html, put_text
from webio.session import hold

from tests.charts.apps import every_chart


def charts() -> None:
    every_chart()
    put_text("all charts put")
    hold()


def no_chart() -> None:
    put_text("a page without charts")
    hold()


def loader() -> None:
    # A script after an external one runs once that one has loaded, as in a static page.
    put_html('<div id="order"></div><script src="?_webio_static=lib/chartXkcd.js"></script>'
             '<script>document.getElementById("order").textContent = "after: " + typeof chartXkcd;</script>')
    # A name the server does not list loads from the path the app configured (an AMD module).
    put_html('<div id="amd"></div><script>require.config({paths: {answer: '
             '"data:text/javascript,define([], function () { return 42; })"}});'
             'require(["answer"], function (a) { document.getElementById("amd").textContent = "answer " + a; });'
             '</script>')
    put_text("loader page")
    hold()


APPS = {"charts": charts, "no_chart": no_chart, "loader": loader}
