"""Memory after many sessions (issue 11): 10,000 coroutine and 2,000 thread sessions opened and
closed against a real Tornado server by scripted WebSocket tabs, in batches open at once.

The start is measured after a warm-up of two batches (the server has imported everything and held
one batch of tabs); afterwards the server's RSS must stay within 1.2x of it and its thread count
come back to where it was. Every session's ``defer_call`` runs (one marker file each).
"""
from __future__ import annotations

import asyncio

import pytest

from guard_servers import serve, settle, steady_threads
from wsclient import cycle

CASES = [("marker_async", 10_000, 100), ("marker", 2_000, 50)]


@pytest.mark.parametrize("app,total,batch", CASES, ids=["coroutine-10000", "thread-2000"])
def test_many_sessions_opened_and_closed_give_their_memory_and_threads_back(app: str, total: int, batch: int) -> None:
    with serve("tornado", "websocket") as served:
        warm = 2 * batch
        asyncio.run(cycle(served.url, app, warm, batch))
        assert settle(lambda: len(served.marker_times()) == warm, 30)
        threads_before = steady_threads(served)
        rss_before = served.rss_kib

        asyncio.run(cycle(served.url, app, total, batch))
        assert settle(lambda: len(served.marker_times()) == warm + total, 60), \
            f"{len(served.marker_times()) - warm} of {total} sessions ran their defer_call"
        assert settle(lambda: served.threads <= threads_before, 20), \
            f"{served.threads} threads after {total} sessions, {threads_before} before"
        settle(lambda: served.rss_kib <= 1.2 * rss_before, 10)
        rss_after = served.rss_kib
        print(f"{app}: {total} sessions, RSS {rss_before} -> {rss_after} KiB (x{rss_after / rss_before:.2f}), "
              f"threads {threads_before} -> {served.threads}")
        assert rss_after <= 1.2 * rss_before, f"RSS {rss_before} KiB -> {rss_after} KiB after {total} sessions"
        assert "Traceback" not in served.output()
