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


def fork_while_busy(url: str, prefix: str, forks: int, queue: Any) -> None:
    """Fork ``forks`` children while a thread keeps using the bus (its pool's lock is often held at
    the fork); each child must beat on the bus within 5 s. Reports how many did."""
    import os
    import signal
    import sys
    import threading

    from webio.bus.redis import RedisBus

    bus = RedisBus.from_url(url, prefix=prefix)
    sys.setswitchinterval(1e-5)  # threads switch often: a fork often lands while one holds a lock
    busy = threading.Event()
    warm = threading.Semaphore(0)

    def keep_beating() -> None:
        bus.beat("0000parent", 5)
        warm.release()  # its first call made its connection (and imported what that imports)
        while not busy.is_set():
            bus.beat("0000parent", 5)

    threads = [threading.Thread(target=keep_beating, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    for _ in threads:
        warm.acquire()
    succeeded = 0
    for n in range(forks):
        child = os.fork()
        if child == 0:
            signal.alarm(5)  # a child stuck on a lock is killed by SIGALRM
            try:
                bus.beat(f"0000child{n}", 120)
                os._exit(0)
            finally:
                os._exit(1)
        _, status = os.waitpid(child, 0)
        succeeded += os.waitstatus_to_exitcode(status) == 0
    busy.set()
    for thread in threads:
        thread.join(10)
    queue.put(succeeded)
