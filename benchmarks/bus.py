"""Input round trips through the bus: ``python -m benchmarks.bus [--rounds N]``.

The owner of one session runs in another process; this process serves the tab's requests through
a real redis-server on loopback (the request lands on a worker that does not own the session).
For comparison, a session of this process is served the same way (the owner's own path). Prints
medians and p90 in milliseconds, and their ratio, in one run; no pass or fail.
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
import uuid
from typing import Any

from tests.bus.owner_process import greeter, serve
from tests.bus.tab import Tab
from tests.redis_server import running_redis
from webio.bus.redis import RedisBus
from webio.bus.routing import RoutingRegistry
from webio.session import ThreadSession


def _has_form(tab: Tab) -> bool:
    return any(c["command"] == "input_group" for c in tab.commands)


def _round_trips(tab: Tab, registry: Any, rounds: int) -> list[float]:
    tab.wait_for(registry, _has_form)
    for n in range(20):  # warm up
        tab.submit(registry, f"warm{n}")
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        tab.submit(registry, f"user{n}")
        times.append(time.perf_counter() - started)
    expected = f"Hello user{rounds - 1}"
    assert tab.texts[-1].startswith(expected), tab.texts[-1:]
    return times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    return (f"median {statistics.median(times) * 1000:.3f} ms, "
            f"p90 {ordered[int(len(ordered) * 0.9)] * 1000:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    with running_redis() as server:
        prefix = f"b{uuid.uuid4().hex[:8]}:"
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        owner = context.Process(target=serve, args=(server.url, prefix, queue), daemon=True)
        owner.start()
        here = RoutingRegistry(RedisBus.from_url(server.url, prefix=prefix))
        try:
            session_id, _ = queue.get(timeout=60)
            other_worker = _round_trips(Tab(session_id), here, rounds)
            own = ThreadSession(greeter, session_id=here.new_session_id())
            here.add(own)
            own.start()
            same_worker = _round_trips(Tab(own.id), here, rounds)
        finally:
            owner.kill()
            owner.join(10)
            here.close()
    print(f"input round trip, same worker:  {_summary(same_worker)}")
    print(f"input round trip, other worker: {_summary(other_worker)} (owner in another process, Redis on loopback)")
    print(f"ratio of medians: {statistics.median(other_worker) / statistics.median(same_worker):.1f}x")


if __name__ == "__main__":
    main()
