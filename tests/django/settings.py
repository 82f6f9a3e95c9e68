"""Settings of the test project (a small but ordinary Django project using webio.django)."""
from __future__ import annotations

import os
import tempfile

SECRET_KEY = "webio-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "tests.django.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "webio.django",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # A file, not :memory:, so app threads see the same database as the test.
        "NAME": os.environ.get("WEBIO_TEST_DJANGO_DB") or os.path.join(tempfile.gettempdir(), "webio-django-tests.sqlite3"),
    }
}
USE_TZ = True
ASGI_APPLICATION = "tests.django.asgi.application"
WEBIO = {"reconnect_timeout": 5}
STATIC_URL = "/static/"  # pytest-django live_server serves static files under it
