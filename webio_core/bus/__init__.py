"""``webio.bus``: how the worker processes of one deployment reach each other's sessions.

A session lives in the worker that created it (its owner, named in the session id); with a bus,
a request that lands on another worker is routed to the owner. Pick the bus with ``bus=`` or the
environment variable ``WEBIO_BUS`` (see ``resolve_bus``):

    >>> from webio.bus import routing_registry
    >>> registry = routing_registry("redis://localhost:6379/0")     # doctest: +SKIP
"""
from .base import START, Bus, BusConfigError, BusError, Position
from .channels import ChannelsBus
from .config import ENV_VAR, bus_from_url, django_bus, resolve_bus
from .memory import InProcessBus
from .redis import RedisBus
from ..session.refusal import Refusal
from .routing import RoutingRegistry, routing_registry

__all__ = ["Bus", "BusConfigError", "BusError", "Position", "START", "ENV_VAR", "bus_from_url", "django_bus",
           "resolve_bus", "InProcessBus", "RedisBus", "ChannelsBus", "Refusal", "RoutingRegistry",
           "routing_registry"]
