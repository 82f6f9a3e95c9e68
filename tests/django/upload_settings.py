"""Settings of tests/django/upload_asgi.py: the test project with webio's defaults (WEBIO unset:
reconnect_timeout 0, max_payload_size 20M), as a user's project starts out."""
from __future__ import annotations

from tests.django.settings import *  # noqa: F401,F403

ROOT_URLCONF = "tests.django.upload_asgi"
ASGI_APPLICATION = "tests.django.upload_asgi.application"
WEBIO: dict[str, object] = {}
