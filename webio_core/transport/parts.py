"""What each transport of an endpoint (HTTP, WebSocket) is built from: the endpoint's settings, its
session registry, how to start a session, and the limits it shares with the other transport.

Example: ``class HttpTransport(TransportParts): ...``; ``HttpTransport(settings, registry, starter, "flask")``.
"""
from __future__ import annotations

from typing import Optional

from ..session.port import SessionRegistry, StartSession
from .limits import ConnectionCounter, SessionLimit
from .settings import EndpointSettings


class TransportParts:
    """The parts a transport is given; ``connections`` and ``sessions`` are the endpoint's own counts
    (one per endpoint, whichever transport a tab uses), or new ones from ``settings``."""

    def __init__(self, settings: EndpointSettings, registry: SessionRegistry, start_session: StartSession,
                 backend: str, connections: Optional[ConnectionCounter] = None,
                 sessions: Optional[SessionLimit] = None) -> None:
        self.settings = settings
        self.registry = registry
        self.start_session = start_session
        self.backend = backend
        self.connections = connections or ConnectionCounter(settings.max_connections_per_ip)
        self.sessions = sessions or SessionLimit(settings.max_sessions, lambda: len(registry))
