"""The owner worker of the multi-process tests: a separate process holding one session of ``greeter``."""
from __future__ import annotations

from typing import Any


def greeter() -> None:
    from webio.input import input as webio_input
    from webio.output import put_text

    while True:
        name = webio_input("Your name")
        put_text(f"Hello {name} from the owner")


def serve(url: str, prefix: str, queue: Any) -> None:
    """Join the bus at ``url``, start one session, report its id, serve until killed (at most 2 minutes)."""
    import time

    from webio.bus.redis import RedisBus
    from webio.bus.routing import RoutingRegistry
    from webio.session import ThreadSession

    registry = RoutingRegistry(RedisBus.from_url(url, prefix=prefix), heartbeat_ttl=1.0)
    session = ThreadSession(greeter, session_id=registry.new_session_id())
    registry.add(session)
    session.start()
    queue.put((session.id, registry.worker_id))
    time.sleep(120)
    registry.close()
