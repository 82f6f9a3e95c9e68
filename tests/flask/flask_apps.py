"""The echo apps (tests/conformance/apps/scenario_apps.py) as Flask apps, for real servers.

Plus ``greet`` (input, then put_text). ``gunicorn -w 1 --threads 8 'tests.flask.flask_apps:app'``
serves them at ``/`` (``wsgi_app``) and ``project`` mounts them in a larger Flask project at ``/tools/x/`` (``webio_bp``).
"""
from __future__ import annotations

import flask

from tests.conformance.apps.scenario_apps import echo, echo_async
from webio.flask import webio_bp, wsgi_app
from webio.input import input
from webio.output import put_text
from webio.session import info


def greet() -> None:
    name = input("Your name")
    put_text(f"Hello, {name} from {info.backend}")


APPS = {"index": echo, "echo": echo, "echo_async": echo_async, "greet": greet}
app = wsgi_app(APPS)

project = flask.Flask(__name__)
project.register_blueprint(webio_bp(APPS), url_prefix="/tools/x")


@project.route("/")
def home() -> str:
    return "the rest of the project"
