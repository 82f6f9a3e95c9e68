"""Options of a webio view or consumer: keyword arguments over ``settings.WEBIO`` over defaults.

Example ``settings.py``::

    WEBIO = {
        "transport": "websocket",                 # the page talks to the Channels consumer
        "allowed_origins": ["https://*.example.com"],
        "max_payload_size": "20M",
        "reconnect_timeout": 30,
        "check_origin": "myproject.security.check_origin",   # a callable or its dotted path
        "bus": "redis://redis:6379/0",            # several worker processes: share sessions ("channels": the layer)
    }
"""
from __future__ import annotations

import weakref
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from webio.bus import RoutingRegistry, django_bus
from webio.session.context import enter_server_mode
from webio.transport import WebioEndpoint, endpoint_kwargs
from webio.transport.settings import ENDPOINT_KEYWORDS

BACKEND = "django"
KEYS = ENDPOINT_KEYWORDS + ("transport",)
# The endpoint of each (apps, transport, options): a view and a consumer of the same apps share one
# (one registry: the consumer finds the sessions the view's page opened, and shutdown closes all).
_ENDPOINTS: weakref.WeakValueDictionary[tuple[object, ...], WebioEndpoint] = weakref.WeakValueDictionary()


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
    key = (_identity(applications), protocol, repr(sorted((k, repr(v)) for k, v in merged.items() if k != "transport")))
    endpoint = _ENDPOINTS.get(key)
    if endpoint is None:
        enter_server_mode()
        kwargs = endpoint_kwargs(merged)
        kwargs.pop("bus", None)  # django_bus reads settings.WEBIO["bus"] itself (errors name it)
        explicit_bus = options.get("bus")
        if kwargs.get("registry") is None:  # bus=, else settings.WEBIO["bus"], else $WEBIO_BUS
            kwargs["registry"] = RoutingRegistry(django_bus(explicit_bus))
        endpoint = _ENDPOINTS[key] = WebioEndpoint(applications, backend=BACKEND, protocol=protocol, **kwargs)
    return endpoint


def _identity(applications: Any) -> object:
    """Which app functions these are (the endpoint keeps them alive, so their ids stay theirs)."""
    if isinstance(applications, dict):
        return tuple((str(name), id(func)) for name, func in applications.items())
    if isinstance(applications, (list, tuple)):
        return tuple(id(func) for func in applications)
    return id(applications)
