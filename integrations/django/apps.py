"""The Django app config: ``INSTALLED_APPS += ['webio.django']`` (label ``webio``)."""
from __future__ import annotations

from django.apps import AppConfig


class WebioConfig(AppConfig):
    """webio has no models, templates or static files to collect; the app entry gives it a label
    and a place in the project's settings (``settings.WEBIO``)."""

    name = "webio.django"
    label = "webio"
    verbose_name = "webio"
    default = True

    def ready(self) -> None:
        # Django builds webio's endpoints lazily, often on a request thread; the graceful-stop hook
        # needs the main thread, which runs this (django.setup() in a gunicorn worker, for one).
        from webio.transport.shutdown import watch_sigterm

        watch_sigterm()
