"""Which bus a server uses: the same rule for every entry point.

``bus=`` (a URL string or a bus object) wins; when it is absent, the environment variable
``WEBIO_BUS``; when that is absent too, the in-process bus. Django also reads
``settings.WEBIO = {"bus": ...}``, where ``"channels"`` means the Channels layer.

    >>> resolve_bus("redis://:secret@redis:6379/0")          # doctest: +SKIP
    <RedisBus redis://:***@redis:6379/0>
"""
from __future__ import annotations

import os
from typing import Any, Optional

from .base import Bus, BusConfigError, BusError, redact
from .memory import InProcessBus

ENV_VAR = "WEBIO_BUS"
FORMS = ("redis://[:password@]host:port/db, rediss://... (TLS), unix:///path/redis.sock, "
         "'channels' (the Django Channels layer), 'memory' (this process only)")


def bus_from_url(url: str, *, setting_name: str = "bus") -> Bus:
    """Build the bus a URL names and check that it answers; ``BusConfigError`` naming the setting."""
    text = url.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else text.lower()
    bus: Bus
    if scheme in ("memory", "in-process", "inprocess"):
        return InProcessBus()
    if scheme in ("redis", "rediss", "unix"):
        from .redis import RedisBus

        try:
            bus = RedisBus.from_url(text)
        except (ValueError, TypeError) as exc:
            raise BusConfigError(f"{setting_name}={redact(text)!r} is not a valid Redis URL ({exc}); "
                                 f"expected one of: {FORMS}") from None
        except BusError as exc:
            raise BusConfigError(f"{setting_name}: {exc}") from None
    elif scheme == "channels":
        from .channels import ChannelsBus

        alias = text.split("://", 1)[1].strip("/") if "://" in text else "default"
        try:
            bus = ChannelsBus.from_settings(alias or "default")
        except BusError as exc:
            raise BusConfigError(f"{setting_name}={text!r}: {exc}") from None
    else:
        raise BusConfigError(f"{setting_name}={redact(text)!r} names no bus; expected one of: {FORMS}")
    try:
        bus.check()
    except BusError as exc:
        bus.close()
        raise BusConfigError(f"{setting_name}={redact(text)!r}: the bus cannot be reached ({exc}). "
                             "Start the server or fix the URL.") from None
    return bus


def resolve_bus(bus: Any = None, *, setting_name: str = "bus") -> Bus:
    """The bus to use: ``bus`` (URL or object), else ``$WEBIO_BUS``, else in-process.

        >>> resolve_bus(None).name      # with WEBIO_BUS unset
        'in-process'
    """
    if bus is None or bus == "":
        env = os.environ.get(ENV_VAR, "").strip()
        if not env:
            return InProcessBus()
        return bus_from_url(env, setting_name=f"the environment variable {ENV_VAR}")
    if isinstance(bus, str):
        return bus_from_url(bus, setting_name=setting_name)
    if isinstance(bus, Bus):
        return bus
    raise BusConfigError(f"{setting_name} must be a URL string or a bus object (webio.bus.Bus), "
                         f"got {type(bus).__name__}; expected one of: {FORMS}")


def django_bus(explicit: Any = None) -> Bus:
    """The bus of a Django site: ``explicit``, else ``settings.WEBIO["bus"]``, else the usual rule."""
    if explicit is not None:
        return resolve_bus(explicit)
    from django.conf import settings

    webio_settings: Optional[Any] = getattr(settings, "WEBIO", None)
    value = webio_settings.get("bus") if isinstance(webio_settings, dict) else None
    if value is None:
        return resolve_bus(None)
    return resolve_bus(value, setting_name="settings.WEBIO['bus']")
