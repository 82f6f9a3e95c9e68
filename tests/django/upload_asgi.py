"""An upload app on Django Channels, URLs and ASGI entry in one module, for a real daphne process
(tests/django/test_daphne_upload.py): ``daphne tests.django.upload_asgi:application``."""
from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django.upload_settings")
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from webio.django import webio_path, webio_websocket_path  # noqa: E402
from webio.input import file_upload, input  # noqa: E402
from webio.output import put_text  # noqa: E402


def upload() -> None:
    picked = file_upload("Your file")
    put_text(f"got {len(picked['content'])} bytes")
    text = input("Your note")
    put_text(f"saved {len(text)} characters")


urlpatterns = [webio_path("upload/", upload, transport="websocket")]
application = ProtocolTypeRouter({
    "http": django_application,
    "websocket": URLRouter([webio_websocket_path("upload/", upload)]),
})
