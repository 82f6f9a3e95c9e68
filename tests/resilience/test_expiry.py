"""Abandoned HTTP-transport tabs expire on a timer on every server (issue 11, "Expiry everywhere").

Each server runs with ``session_expire_seconds=2`` and ``session_cleanup_interval=0.5``. A scripted
client opens sessions of a thread-based app the way a tab does, then goes away without another
request. Every session's ``defer_call`` must run (it writes a marker file) within expire + cleanup
+ 5 s of the last request, and the server's thread count must come back to where it was before.
"""
from __future__ import annotations

import concurrent.futures
import time

import pytest

from guard_servers import Served, open_http_session, serve, settle, steady_threads

EXPIRE, CLEANUP, SLACK = 2.0, 0.5, 5.0
TABS = 20
POOL = 16  # the threads of the gunicorn worker (guard_servers.py)
HTTP_SERVERS = ["tornado", "flask-werkzeug", "flask-gunicorn", "django-gunicorn", "django-start_server",
                "django-uvicorn", "django-daphne", "starlette-uvicorn", "aiohttp"]


def warm_up(served: Served) -> int:
    """Serve sessions that end by themselves, as many at once as a server's thread pool holds (gunicorn
    keeps its 16 threads once started), then return the baseline: the steady thread count."""
    with concurrent.futures.ThreadPoolExecutor(POOL) as pool:
        for _ in range(2):
            list(pool.map(lambda _: open_http_session(served.port, app="noop"), range(POOL)))
    return steady_threads(served, quiet=CLEANUP + 1.5)


@pytest.mark.parametrize("name", HTTP_SERVERS)
def test_abandoned_http_sessions_expire_and_leave_no_thread(name: str) -> None:
    with serve(name, "http", expire=EXPIRE, cleanup=CLEANUP) as served:
        baseline = warm_up(served)
        for _ in range(TABS):
            assert open_http_session(served.port)["closed"] is False
        abandoned_at = time.time()
        held = served.threads
        assert held >= baseline + TABS, f"{held} threads with {TABS} thread sessions open (baseline {baseline})"

        bound = EXPIRE + CLEANUP + SLACK
        assert settle(lambda: len(served.marker_times()) >= TABS, bound), \
            f"{len(served.marker_times())} of {TABS} defer_call ran within {bound} s\n{served.output()[-2000:]}"
        latest = max(served.marker_times()) - abandoned_at
        assert latest <= bound
        assert settle(lambda: served.threads <= baseline, 5), \
            f"{served.threads} threads after expiry, {baseline} before the tabs\n{served.output()[-2000:]}"
        print(f"{name}: baseline {baseline} threads, {held} with {TABS} tabs, last defer_call "
              f"{latest:.1f} s after the last request, back to {served.threads}")


def test_the_timer_leaves_connected_websocket_tabs_alone() -> None:
    """A WebSocket URL also answers HTTP-transport requests; their expiry timer must not close the
    sessions of open sockets, which send nothing while the user reads."""
    import asyncio

    from wsclient import open_tab

    with serve("tornado", "websocket", expire=1, cleanup=0.5) as served:
        async def scenario() -> list[object]:
            conn, _ = await open_tab(served.url, "marker_async")
            open_http_session(served.port, app="marker")  # starts the timer at this URL
            deadline = time.monotonic() + 5
            while not served.marker_times() and time.monotonic() < deadline:  # a sweep expired the HTTP tab
                await asyncio.sleep(0.05)
            got: list[object] = []
            try:  # and in that sweep and the next one, the socket heard nothing
                got.append(await asyncio.wait_for(conn.read_message(), 2 * 0.5 + 0.5))
            except asyncio.TimeoutError:
                pass
            conn.close()
            return got

        assert asyncio.run(scenario()) == []  # nothing arrived: no close_session, the socket stayed open
        assert settle(lambda: len(served.marker_times()) == 2, 5)  # both ended: the HTTP one expired, the other left
