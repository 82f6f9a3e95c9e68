"""The limits a public server needs (issue 11, part 6), on real servers with scripted tabs.

- ``max_sessions``: past it, the page is a 503 "server busy" page and a socket or HTTP-transport
  request that would open a session gets the message in a toast, then the closed state; the open
  sessions go on, and once one ends a new tab gets in.
- ``max_events_per_second``: a flood of clicks is cut to the limit (logged, the tab told); the
  session answers the next click.
- ``max_connections_per_ip``: past it, a socket from that address is refused with a message while
  another address gets in (Tornado ``xheaders=True``: the address of ``X-Real-Ip``, as behind a proxy).
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Optional

from guard_servers import get_page, open_http_session, serve, settle
from wsclient import open_tab

from webio.transport.limits import BUSY_TEXT, TOO_FAST_TEXT, TOO_MANY_CONNECTIONS_TEXT


def commands(frames: list[Any]) -> list[dict[str, Any]]:
    return [cmd for frame in frames for cmd in frame.get("commands", [])]


def refused_with(frames: list[Any], text: str) -> bool:
    """The tab was shown ``text`` in a toast and told its session is closed."""
    cmds = commands(frames)
    toasts = [cmd["spec"]["content"] for cmd in cmds if cmd["command"] == "toast"]
    return text in toasts and any(cmd["command"] == "close_session" for cmd in cmds)


def test_max_sessions_over_websocket_on_tornado() -> None:
    with serve("tornado", "websocket", limits={"max_sessions": 3}) as served:
        async def scenario() -> None:
            tabs = [await open_tab(served.url, "marker_async") for _ in range(3)]
            assert all(not refused_with(frames, BUSY_TEXT["en"]) for _, frames in tabs)

            status, headers, text = get_page(served.port, "marker_async")
            assert status == 503 and BUSY_TEXT["en"] in text and headers.get("Retry-After") == "30"
            assert "Traceback" not in text
            status, _, text = get_page(served.port, "marker_async", {"Accept-Language": "de-DE,de;q=0.9"})
            assert status == 503 and BUSY_TEXT["de"] in text and "Erneut versuchen" in text

            conn, frames = await open_tab(served.url, "marker_async")
            assert refused_with(frames, BUSY_TEXT["en"]), frames
            assert await asyncio.wait_for(conn.read_message(), 5) is None  # the server closed the socket

            tabs[0][0].close()  # one tab leaves: a new one gets in
            await asyncio.sleep(0.5)
            assert get_page(served.port, "marker_async")[0] == 200
            conn, frames = await open_tab(served.url, "marker_async")
            assert not refused_with(frames, BUSY_TEXT["en"])
            assert any(cmd["command"] in ("input", "input_group") for cmd in commands(frames))
            for tab, _ in tabs[1:]:
                tab.close()
            conn.close()

        asyncio.run(scenario())
        time.sleep(0.3)
        output = served.output()
        assert "server busy: 3 sessions open (max_sessions=3)" in output
        assert "Traceback" not in output


def test_max_sessions_over_http_on_flask() -> None:
    with serve("flask-werkzeug", "http", limits={"max_sessions": 2}) as served:
        for _ in range(2):
            assert open_http_session(served.port)["closed"] is False
        reply = open_http_session(served.port)
        assert reply["closed"] is True and "session_id" not in reply
        assert refused_with(reply["frames"], BUSY_TEXT["en"])
        status, _, text = get_page(served.port, "marker")
        assert status == 503 and BUSY_TEXT["en"] in text
        # the open sessions expire (2 s + 1 s): the server takes new tabs again
        assert settle(lambda: get_page(served.port, "marker")[0] == 200, 8)
        assert open_http_session(served.port)["closed"] is False
        assert "max_sessions=2" in served.output() and "Traceback" not in served.output()


def _find_callback(value: Any) -> Optional[str]:
    """The first ``callback_id`` in an output spec (the button's)."""
    if isinstance(value, dict):
        if isinstance(value.get("callback_id"), str):
            return str(value["callback_id"])
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = _find_callback(item)
            if found:
                return found
    return None


def test_max_events_per_second_drops_a_flood_and_the_session_goes_on() -> None:
    with serve("tornado", "websocket", limits={"max_events_per_second": 5}) as served:
        async def scenario() -> tuple[int, int, list[Any]]:
            conn, frames = await open_tab(served.url, "clicks")
            callback = _find_callback(commands(frames))
            assert callback, frames
            applied = max(frame.get("seq") or 0 for frame in frames)
            for seq in range(1, 51):  # 50 clicks at once
                await conn.write_message(json.dumps({"event": "callback", "task_id": callback, "data": 0,
                                                     "seq": seq, "ack": applied}))
            received: list[Any] = []

            async def read_for(seconds: float) -> None:
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    try:
                        text = await asyncio.wait_for(conn.read_message(), max(0.01, deadline - time.monotonic()))
                    except asyncio.TimeoutError:
                        return
                    assert text is not None, "the server closed the socket"
                    received.append(json.loads(text))

            await read_for(2.0)
            clicks = [cmd for cmd in commands(received) if "click " in json.dumps(cmd)]
            acked = max((frame.get("ack") or 0) for frame in received)
            await conn.write_message(json.dumps({"event": "callback", "task_id": callback, "data": 0,
                                                 "seq": 51, "ack": applied}))
            await read_for(1.5)
            conn.close()
            return len(clicks), acked, received

        clicks, acked, received = asyncio.run(scenario())
        assert 5 <= clicks <= 7, f"{clicks} of 50 clicks reached the app with max_events_per_second=5: {received}\n{served.output()[-3000:]}"
        assert acked == 50  # dropped events are acknowledged: the tab does not send them again
        toasts = [cmd["spec"]["content"] for cmd in commands(received) if cmd["command"] == "toast"]
        assert TOO_FAST_TEXT["en"] in toasts
        assert f"click {clicks + 1}" in json.dumps(commands(received))  # the session answers the next click
        output = served.output()
        assert "events over max_events_per_second (5)" in output and "Traceback" not in output


def test_max_connections_per_ip_refuses_that_address_only() -> None:
    with serve("tornado-xheaders", "websocket", limits={"max_connections_per_ip": 2}) as served:
        async def scenario() -> None:
            one = {"X-Real-Ip": "203.0.113.7"}
            tabs = [await open_tab_as(served.url, one) for _ in range(2)]
            conn, frames = await open_tab_as(served.url, one)
            assert refused_with(frames, TOO_MANY_CONNECTIONS_TEXT["en"]), frames
            status, _, text = get_page(served.port, "marker_async", one)
            assert status == 503 and TOO_MANY_CONNECTIONS_TEXT["en"] in text

            other, frames = await open_tab_as(served.url, {"X-Real-Ip": "203.0.113.8"})
            assert not refused_with(frames, TOO_MANY_CONNECTIONS_TEXT["en"])
            assert get_page(served.port, "marker_async", {"X-Real-Ip": "203.0.113.8"})[0] == 200

            tabs[0][0].close()
            await asyncio.sleep(0.5)
            again, frames = await open_tab_as(served.url, one)
            assert any(cmd["command"] in ("input", "input_group") for cmd in commands(frames))
            for tab in (tabs[1][0], other, again):
                tab.close()

        asyncio.run(scenario())
        output = served.output()
        assert "refused a connection from 203.0.113.7: it has 2 open already" in output
        assert "Traceback" not in output


async def open_tab_as(url: str, headers: dict[str, str]) -> Any:
    return await open_tab(url, "marker_async", headers)
