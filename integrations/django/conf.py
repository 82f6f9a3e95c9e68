"""Options of a webio view or consumer: keyword arguments over ``settings.WEBIO`` over defaults.

Example ``settings.py``::

    WEBIO = {
        "transport": "websocket",                 # the page talks to the Channels consumer
        "allowed_origins": ["https://*.example.com"],
        "max_payload_size": "20M",
        "reconnect_timeout": 30,
        "check_origin": "myproject.security.check_origin",   # a callable or its dotted path
    }
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from webio.session.context import enter_server_mode
from webio.transport import WebioEndpoint, endpoint_kwargs

BACKEND = "django"
KEYS = ("cdn", "reconnect_timeout", "allowed_origins", "check_origin", "max_payload_size",
        "session_expire_seconds", "session_cleanup_interval", "debug", "registry", "transport",
        "http_max_held_polls")


def webio_options(options: dict[str, Any]) -> dict[str, Any]:
    """``settings.WEBIO`` updated with ``options``; unknown keys are an error that lists the known ones."""
    configured = getattr(settings, "WEBIO", None) or {}
    if not isinstance(configured, dict):
        raise ImproperlyConfigured("settings.WEBIO must be a dict, e.g. WEBIO = {'allowed_origins': [...]}")
    merged = {**configured, **options}
    unknown = sorted(set(merged) - set(KEYS))
    if unknown:
        where = "settings.WEBIO or the keyword arguments"
        raise ImproperlyConfigured(f"unknown webio option(s) {unknown} in {where}; known: {', '.join(KEYS)}")
    if isinstance(merged.get("check_origin"), str):
        merged["check_origin"] = import_string(merged["check_origin"])
    return merged


def make_endpoint(applications: Any, options: dict[str, Any], transport: str | None = None) -> WebioEndpoint:
    """The core endpoint for ``applications``; ``transport`` (if given) wins over the options."""
    merged = webio_options(options)
    protocol = transport or merged.get("transport") or "http"
    if protocol not in ("http", "websocket"):
        raise ImproperlyConfigured(f"webio transport must be 'http' or 'websocket', got {protocol!r}")
    enter_server_mode()
    return WebioEndpoint(applications, backend=BACKEND, protocol=protocol, **endpoint_kwargs(merged))
