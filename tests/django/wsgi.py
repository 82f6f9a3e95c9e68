"""WSGI entry of the test project (``gunicorn -w 1 --threads 8 tests.django.wsgi:application``)."""
from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django.settings")
application = get_wsgi_application()
