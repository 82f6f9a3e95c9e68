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
