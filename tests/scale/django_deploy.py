"""A Django project in one module: ``gunicorn -w 4 -k gthread --threads 8 tests.scale.django_deploy:application``
with ``DJANGO_SETTINGS_MODULE=tests.scale.django_deploy``; the bus comes from ``settings.WEBIO``."""
from __future__ import annotations

import os

SECRET_KEY = "webio-scale-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.scale.django_deploy"
INSTALLED_APPS = ["webio.django"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
WEBIO = {"bus": os.environ.get("SCALE_TEST_BUS", "")}

from django.core.wsgi import get_wsgi_application  # noqa: E402

from tests.scale.deploy_apps import APPS, OPTIONS  # noqa: E402
from webio.django import webio_path  # noqa: E402

urlpatterns = [webio_path("tool/", APPS, **OPTIONS)]
application = get_wsgi_application()
