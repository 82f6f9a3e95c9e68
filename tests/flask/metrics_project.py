"""A Flask project with a webio tool mounted by ``webio_bp`` at ``/tool`` and a ``/metrics`` route
answering ``webio.metrics.exposition()`` (docs/operations.md, Metrics). For the tests, the route says
which worker process answered (``X-Worker-Pid``)."""
from __future__ import annotations

import os

import flask

from tests.conformance.apps.scenario_apps import greet
from webio.flask import webio_bp
from webio.metrics import CONTENT_TYPE, enable_metrics, exposition

enable_metrics()


project = flask.Flask(__name__)
project.register_blueprint(webio_bp({"greet": greet}), url_prefix="/tool")


@project.route("/metrics")
def metrics() -> flask.Response:
    return flask.Response(exposition(), content_type=CONTENT_TYPE, headers={"X-Worker-Pid": str(os.getpid())})
