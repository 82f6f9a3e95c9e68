"""Network drivers: the test client against a running server, over the wire protocol.

``connect(url)`` opens a session of the app served at ``url`` (an app URL such as
``http://127.0.0.1:8080/`` or ``http://host/tool?app=report``) like a browser tab would:

- ``transport='websocket'`` (needs the ``websockets`` package): frames arrive on a reader thread;
  ``reconnect()`` drops the socket and resumes the session (``?session=ID&ack=N``), resending the
  events the server has not acknowledged.
- ``transport='http'``: events are POSTed (the answer comes once the app has reacted) and a poller
  thread long-polls for frames the app sends on its own.

Knowing when the app has reacted: over HTTP the server answers an event once the app reacted;
over WebSocket the client waits until the server acknowledged every event and no frame came for
``quiet`` seconds. For output that comes later, use ``wait_until``.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..protocol.chunks import CHUNK_BYTES
from .browser import Browser, JsAnswers
from .client import DEFAULT_TIMEOUT, Client
from .page.errors import TestClientError

SESSION_HEADER = "Webio-Session-Id"


def _with_query(url: str, **params: Any) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items() if v is not None})
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


class _Inbox:
    """Frames received by a background thread, handed to the test thread by ``poll``."""

    def __init__(self) -> None:
        self.frames: deque[str] = deque()
        self.cond = threading.Condition()
        self.changed = False
        self.last_activity = time.monotonic()

    def put(self, text: str) -> None:
        with self.cond:
            self.frames.append(text)
            self.changed = True
            self.last_activity = time.monotonic()
            self.cond.notify_all()

    def poke(self) -> None:
        with self.cond:
            self.changed = True
            self.cond.notify_all()

    def poll(self) -> list[str]:
        with self.cond:
            texts = list(self.frames)
            self.frames.clear()
            return texts

    def wait(self, timeout: float) -> None:
        with self.cond:
            if not self.changed:
                self.cond.wait(timeout)
            self.changed = False

    async def wait_async(self, timeout: float) -> None:
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self.wait, timeout)


class WebSocketTransport:
    """A WebSocket connection to the app at ``url`` (a page URL; ``ws(s):`` is derived from it)."""

    def __init__(self, url: str, *, headers: Optional[dict[str, str]] = None, quiet: float = 0.1,
                 open_timeout: float = 10.0) -> None:
        try:
            from websockets.sync.client import connect as ws_connect  # noqa: F401
        except ImportError:
            raise TestClientError("connect(transport='websocket') needs the websockets package: "
                                  "pip install 'webio[test]' (or pip install websockets)") from None
        parts = urlsplit(url)
        scheme = {"https": "wss", "wss": "wss"}.get(parts.scheme, "ws")
        self.url = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
        self.headers = dict(headers or {})
        self.quiet = quiet
        self.open_timeout = open_timeout
        self.inbox = _Inbox()
        self._socket: Any = None
        self._reader: Optional[threading.Thread] = None
        self._gone = False
        self._closed_by_us = False
        self._last_send = time.monotonic()
        self._open(self.url)

    def _open(self, url: str) -> None:
        from websockets.typing import Origin

        from ._wsclient import connect as ws_connect

        parts = urlsplit(self.url)
        origin = f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"
        # The caller's Origin replaces the same-site default (sending both would be two headers).
        headers = {k: v for k, v in self.headers.items() if k.lower() != "origin"}
        origin = next((v for k, v in self.headers.items() if k.lower() == "origin"), origin)
        self._socket = ws_connect(url, additional_headers=headers, origin=Origin(origin),
                                  open_timeout=self.open_timeout, max_size=None)
        self._socket.__enter__()  # the context-manager form; closed by ``drop``
        socket = self._socket
        self._gone = False
        self.inbox.last_activity = time.monotonic()
        self._reader = threading.Thread(target=self._read, args=(socket,), name="webio-test-ws", daemon=True)
        self._reader.start()

    def _read(self, socket: Any) -> None:
        try:
            for message in socket:
                self.inbox.put(message if isinstance(message, str) else message.decode())
        except Exception:
            pass
        finally:
            if socket is self._socket:
                self._gone = True
            self.inbox.poke()

    def poll(self) -> list[str]:
        return self.inbox.poll()

    def send(self, texts: list[str]) -> None:
        if self._gone:
            return
        for text in texts:
            try:
                self._socket.send(text)
            except Exception:
                self._gone = True
                return
        self._last_send = time.monotonic()

    def settled(self, browser: Browser) -> bool:
        if self._gone:
            return True
        now = time.monotonic()
        quiet = now - max(self.inbox.last_activity, self._last_send) >= self.quiet
        started = browser.last_frame_seq > 0  # a new session always starts with set_session_id
        return started and quiet and browser.all_acknowledged() and not self.inbox.frames

    def wait(self, timeout: float) -> None:
        self.inbox.wait(min(timeout, self.quiet))

    async def wait_async(self, timeout: float) -> None:
        await self.inbox.wait_async(min(timeout, self.quiet))

    def take_errors(self) -> list[str]:
        return []

    @property
    def session_closed(self) -> bool:
        return self._gone

    def drop(self) -> None:
        """Lose the connection without leaving (the server may keep the session for a reconnect)."""
        socket, self._socket = self._socket, None
        try:
            socket.close()
        except Exception:
            pass
        if self._reader is not None:
            self._reader.join(2)

    def resume(self, session_id: str, ack: int) -> None:
        self._open(_with_query(self.url, session=session_id, ack=ack))

    def close(self) -> None:
        self._closed_by_us = True
        self.drop()
        self._gone = True


class HttpTransport:
    """The HTTP transport: events POSTed, frames long-polled by a background thread."""

    def __init__(self, url: str, *, headers: Optional[dict[str, str]] = None, poll_wait: float = 2.0,
                 request_timeout: float = 30.0) -> None:
        self.url = _with_query(url, _webio="http")
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        self.poll_wait = poll_wait
        self.request_timeout = request_timeout
        self.inbox = _Inbox()
        self.session_id = ""
        self.ack = 0
        self._gone = False
        self._stopped = threading.Event()
        self._open_session()
        self._poller = threading.Thread(target=self._poll_loop, name="webio-test-http", daemon=True)
        self._poller.start()

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        headers = dict(self.headers)
        if self.session_id:
            headers[SESSION_HEADER] = self.session_id
        request = urllib.request.Request(self.url, json.dumps(body).encode(), headers, method="POST")
        deadline = time.monotonic() + self.request_timeout
        # A 503 with Retry-After (the session is out of reach for now, or, before there is one, the
        # worker is stopping): again, as a browser does.
        while True:
            try:
                with urllib.request.urlopen(request, timeout=self.request_timeout) as response:  # noqa: S310 (test URL)
                    reply: dict[str, Any] = json.loads(response.read() or b"{}")
                break
            except urllib.error.HTTPError as refused:
                retry_after = refused.headers.get("Retry-After") if refused.code == 503 else None
                refused.close()
                if retry_after is None or not retry_after.isdigit() or time.monotonic() >= deadline:
                    raise
                time.sleep(min(float(retry_after), max(0.0, deadline - time.monotonic())))
        self.session_id = reply.get("session_id") or self.session_id
        for frame in reply.get("frames") or ():
            self.inbox.put(json.dumps(frame))
        if reply.get("closed"):
            self._gone = True
            self.inbox.poke()
        return reply

    def _open_session(self) -> None:
        self._post({"ack": 0, "events": []})

    def _poll_loop(self) -> None:
        while not self._stopped.is_set() and not self._gone:
            try:
                reply = self._post({"ack": self.ack, "events": [], "wait": self.poll_wait})
            except Exception:
                if self._stopped.wait(0.2):
                    return
                continue
            if reply.get("poll_after"):  # the server did not hold the poll: pause as the browser does
                self._stopped.wait(reply["poll_after"] / 1000)

    def poll(self) -> list[str]:
        return self.inbox.poll()

    def send(self, texts: list[str]) -> None:
        if self._gone:
            return
        events: list[dict[str, Any]] = []
        for text in texts:
            message = json.loads(text)
            if isinstance(message.get("ack"), int):
                self.ack = max(self.ack, message["ack"])
            if "event" in message and len(text.encode()) > CHUNK_BYTES:  # as the browser: in chunks
                if events:
                    self._post({"ack": self.ack, "events": events})
                    events = []
                for chunk in chunks_of(text, int(message.get("seq") or 0)):
                    self._post({"ack": self.ack, "chunk": chunk})
            elif "event" in message:
                events.append(message)
        if events:
            self._post({"ack": self.ack, "events": events})

    def settled(self, browser: Browser) -> bool:
        self.ack = max(self.ack, browser.last_frame_seq)
        return self._gone or not self.inbox.frames

    def wait(self, timeout: float) -> None:
        self.inbox.wait(timeout)

    async def wait_async(self, timeout: float) -> None:
        await self.inbox.wait_async(timeout)

    def take_errors(self) -> list[str]:
        return []

    @property
    def session_closed(self) -> bool:
        return self._gone

    def close(self) -> None:
        """Stop polling (an HTTP tab that goes away just stops asking; the server expires the session)."""
        self._stopped.set()
        self._gone = True


def chunks_of(text: str, seq: int) -> list[dict[str, Any]]:
    """The chunks of an event's JSON text (docs/protocol.md), each well under ``CHUNK_BYTES``."""
    step = CHUNK_BYTES // 8  # characters: even all escaped or 4-byte, a slice stays under the limit
    slices = [text[start:start + step] for start in range(0, len(text), step)]
    return [{"seq": seq, "index": index, "count": len(slices), "data": data} for index, data in enumerate(slices)]


class NetworkClient(Client):
    """A ``Client`` whose session lives in a server reached over the network (see ``connect``)."""

    def reconnect(self) -> NetworkClient:
        """WebSocket only: drop the connection and resume the same session, as a tab does after a network blip."""
        transport = self.transport
        if not isinstance(transport, WebSocketTransport):
            raise TestClientError("reconnect() is for transport='websocket'; HTTP has no connection to lose")
        self._pump()
        session_id = self.session_id
        if not session_id:
            raise TestClientError("the server sent no session id yet: nothing to resume")
        transport.drop()
        transport.resume(session_id, self.browser.last_frame_seq)
        resend = self.browser.resend_unacked()
        if resend:
            transport.send(resend)
        if self.auto_wait:
            self.wait_idle()
        return self


def connect(url: str, transport: str = "websocket", *, app: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT,
            js: JsAnswers = None, headers: Optional[dict[str, str]] = None, wait: bool = True,
            quiet: float = 0.1) -> NetworkClient:
    """Open a new session of the app served at ``url`` over ``'websocket'`` or ``'http'``.

    Example::

        client = connect("http://127.0.0.1:8080/", transport="http")
        client.submit({"name": "Ada"})
        assert "Hello, Ada" in client.text
        client.close()
    """
    if app is not None:
        url = _with_query(url, app=app)
    driver: Any
    if transport == "websocket":
        driver = WebSocketTransport(url, headers=headers, quiet=quiet)
    elif transport == "http":
        driver = HttpTransport(url, headers=headers)
    else:
        raise ValueError(f"transport must be 'websocket' or 'http', got {transport!r}")
    client = NetworkClient(driver, timeout=timeout, js=js, wait=wait)
    if wait:
        client.wait_idle()
    return client
