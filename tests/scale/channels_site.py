"""A Django Channels site for ``uvicorn --workers 4``: settings, URLs and the ASGI application.

``WEBIO = {"bus": "channels"}``: the workers reach each other's sessions through the site's own
channel layer (channels_redis on ``SCALE_TEST_REDIS``), as a site with ``CHANNEL_LAYERS`` would.
Run it as ``DJANGO_SETTINGS_MODULE=tests.scale.channels_site uvicorn tests.scale.channels_site:application``.
"""
from __future__ import annotations

import os

SECRET_KEY = "webio-scale-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.scale.channels_site"
INSTALLED_APPS = ["webio.django"]
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
# A read timeout above the 5 s channels_redis waits in a blocking pop (redis-py 8 defaults to 5 s).
CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [
    {"address": os.environ.get("SCALE_TEST_REDIS", "redis://127.0.0.1:6379/0"), "socket_timeout": 30}]}}}
WEBIO = {"bus": "channels", "transport": "websocket", "reconnect_timeout": 30}

urlpatterns: list[object] = []
application: object = None

if os.environ.get("DJANGO_SETTINGS_MODULE") == __name__:  # imported as the site, not only as settings
    import logging

    import django

    logging.basicConfig(level=os.environ.get("SCALE_TEST_LOG_LEVEL", "WARNING"),
                        format="%(process)d %(levelname)s %(name)s: %(message)s")
    from django.core.asgi import get_asgi_application

    django.setup()
    from channels.routing import ProtocolTypeRouter, URLRouter

    from tests.scale.cluster_apps import echo, echo_async
    from webio.django import webio_path, webio_websocket_path

    urlpatterns = [webio_path("echo/", echo), webio_path("echo_async/", echo_async)]
    application = ProtocolTypeRouter({
        "http": get_asgi_application(),
        "websocket": URLRouter([webio_websocket_path("echo/", echo), webio_websocket_path("echo_async/", echo_async)]),
    })
