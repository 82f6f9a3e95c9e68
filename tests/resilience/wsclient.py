"""A scripted WebSocket tab (tornado's client): open a session, read its first frames, close."""
from __future__ import annotations

import asyncio
import json
from typing import Any, Optional

from tornado.websocket import WebSocketClientConnection, websocket_connect


async def open_tab(url: str, app: str, headers: Optional[dict[str, str]] = None) -> tuple[WebSocketClientConnection, list[Any]]:
    """Connect to ``app`` and read frames until the app waits (an ``input`` command) or the tab is closed."""
    from tornado.httpclient import HTTPRequest

    ws_url = url.replace("http://", "ws://") + f"?app={app}"
    conn = await websocket_connect(HTTPRequest(ws_url, headers=headers or {}))
    frames: list[Any] = []
    while True:
        text = await asyncio.wait_for(conn.read_message(), 20)
        if text is None:
            return conn, frames
        frame = json.loads(text)
        frames.append(frame)
        names = [cmd.get("command") for cmd in frame.get("commands", [])]
        if "input" in names or "input_group" in names or "close_session" in names:
            return conn, frames


async def cycle(url: str, app: str, total: int, batch: int) -> None:
    """Open ``batch`` tabs at once, close them all, and again until ``total`` were opened."""
    done = 0
    while done < total:
        count = min(batch, total - done)
        tabs = await asyncio.gather(*(open_tab(url, app) for _ in range(count)))
        for conn, _ in tabs:
            conn.close()
        done += count
        await asyncio.sleep(0.05)
