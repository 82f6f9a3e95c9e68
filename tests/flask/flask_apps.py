"""The echo apps (tests/conformance/apps) as Flask apps, for real servers.

``gunicorn -w 1 --threads 8 'tests.flask.flask_apps:app'`` serves them at ``/`` (``wsgi_app``) and
``project`` mounts them in a larger Flask project at ``/tools/x/`` (``webio_bp``).
"""
from __future__ import annotations

import flask

from tests.conformance.apps.echo_app import APPS
from webio.flask import webio_bp, wsgi_app

app = wsgi_app(APPS)

project = flask.Flask(__name__)
project.register_blueprint(webio_bp(APPS), url_prefix="/tools/x")


@project.route("/")
def home() -> str:
    return "the rest of the project"
