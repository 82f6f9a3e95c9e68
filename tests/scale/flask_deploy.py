"""``gunicorn -w 4 -k gthread --threads 8 tests.scale.flask_deploy:app`` (bus from $SCALE_TEST_BUS)."""
from __future__ import annotations

import os

from flask import Flask

from tests.scale.deploy_apps import APPS, OPTIONS
from webio.flask import webio_bp

app = Flask(__name__)
app.register_blueprint(webio_bp(APPS, bus=os.environ["SCALE_TEST_BUS"], **OPTIONS), url_prefix="/tool")
