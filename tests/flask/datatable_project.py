"""A Flask project with the datatable apps of tests/e2e/apps_datatable.py mounted at /tools/x/
(``gunicorn 'tests.flask.datatable_project:project'``)."""
from __future__ import annotations

import flask

from tests.e2e.apps_datatable import APPS
from webio.flask import webio_bp

project = flask.Flask(__name__)
project.register_blueprint(webio_bp(APPS), url_prefix="/tools/x")
