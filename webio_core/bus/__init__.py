"""``webio.bus``: how the worker processes of one deployment reach each other's sessions.

A session lives in the worker that created it (its owner, named in the session id); with a bus,
a request that lands on another worker is routed to the owner. Pick the bus with ``bus=`` or the
environment variable ``WEBIO_BUS`` (see ``resolve_bus``):

    >>> from webio.bus import resolve_bus
    >>> bus = resolve_bus("redis://localhost:6379/0")     # doctest: +SKIP
"""
from .base import Bus, BusConfigError, BusError, Position, START
from .config import ENV_VAR, bus_from_url, django_bus, resolve_bus
from .memory import InProcessBus

__all__ = ["Bus", "BusConfigError", "BusError", "Position", "START", "ENV_VAR", "bus_from_url", "django_bus",
           "resolve_bus", "InProcessBus", "RedisBus", "ChannelsBus", "RoutingRegistry", "routing_registry"]


def __getattr__(name: str) -> object:
    # RedisBus and ChannelsBus import their optional libraries only when asked for.
    if name == "RedisBus":
        from .redis import RedisBus

        return RedisBus
    if name == "ChannelsBus":
        from .channels import ChannelsBus

        return ChannelsBus
    if name in ("RoutingRegistry", "routing_registry"):
        from . import routing

        return getattr(routing, name)
    raise AttributeError(f"module 'webio.bus' has no attribute {name!r}")
