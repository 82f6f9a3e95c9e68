"""Starting the session of a request: the app it names, thread- or coroutine-based, in the registry.

The endpoint hands a ``SessionStarter`` to its transport as the ``StartSession`` it calls for a tab
without a session. It is the only part of webio.transport that builds an engine ``Session``.
"""
from __future__ import annotations

import inspect
from typing import Optional

from .. import metrics
from ..session.base import Session
from ..session.coroutinebased import CoroutineSession
from ..session.info import SessionInfo
from ..session.memory import note_session_closed
from ..session.port import SessionPort, SessionRegistry
from ..session.threadbased import ThreadSession
from .apps import Applications
from .base import HttpRequest
from .settings import EndpointSettings


def session_info(request: HttpRequest, backend: str, protocol: str) -> SessionInfo:
    """What a new session learns from the request that opens it (``session.info``)."""
    return SessionInfo.from_headers(request.headers, user_ip=request.remote_ip, backend=backend,
                                    protocol=protocol, request=request.native)


class SessionStarter:
    """Start sessions of ``apps`` in ``registry``. Example: ``starter("report", info)``."""

    def __init__(self, apps: Applications, registry: SessionRegistry, settings: EndpointSettings) -> None:
        self.apps = apps
        self.registry = registry
        self.settings = settings

    def __call__(self, app_name: Optional[str], info: SessionInfo) -> Optional[SessionPort]:
        """A started session of the app named ``app_name`` (None: the index), or None if unknown."""
        name = self.apps.resolve(app_name)
        if name is None:
            return None
        func = self.apps.get(name)
        debug, limit = self.settings.debug, self.settings.max_payload_size
        buffered = self.settings.max_buffered_output
        # An id naming this worker as the owner (other workers route the tab's requests here).
        session_id = self.registry.new_session_id()
        session: Session
        if inspect.iscoroutinefunction(func):
            session = CoroutineSession(func, info, session_id=session_id, debug=debug, max_payload_size=limit,
                                       max_buffered_output=buffered)
        else:
            session = ThreadSession(func, info, session_id=session_id, debug=debug, max_payload_size=limit,
                                    max_buffered_output=buffered)
        metrics.recorder.session_started(session, name)
        return self.begin(session)

    def begin(self, session: Session) -> Session:
        """Register ``session``, tell the tab its id and start the app."""
        self.registry.add(session)
        session.on_close(note_session_closed)  # after bursts of closes, memory goes back (memory.py)
        session.send("set_session_id", session.id)
        session.start()
        return session
