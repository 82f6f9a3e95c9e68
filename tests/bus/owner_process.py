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


def _forked_worker(registry: Any, url: str, prefix: str, master: int) -> None:
    import json
    import os
    import time

    import redis

    from webio.session import ThreadSession

    session = ThreadSession(greeter, session_id=registry.new_session_id())
    registry.add(session)
    session.start()
    # A multiprocessing queue does not survive a bare fork: report through Redis.
    redis.Redis.from_url(url).rpush(f"{prefix}report", json.dumps([registry.worker_id, session.id]))
    deadline = time.monotonic() + 120
    while os.getppid() == master and time.monotonic() < deadline:  # end with the master
        time.sleep(0.2)


def preload_then_fork(url: str, prefix: str, queue: Any) -> None:
    """Like ``gunicorn --preload``: build the registry once, then fork a worker that serves a session."""
    import os
    import time

    from webio.bus.redis import RedisBus
    from webio.bus.routing import RoutingRegistry

    preloaded = RoutingRegistry(RedisBus.from_url(url, prefix=prefix), heartbeat_ttl=1.0)
    queue.put(preloaded.worker_id)
    master = os.getpid()
    if os.fork() == 0:
        try:
            _forked_worker(preloaded, url, prefix, master)
        finally:
            os._exit(0)
    time.sleep(120)
