"""The limits a public server needs: sessions per process, events per second, connections per address.

Each has a setting (transport/settings.py, docs/limits.md), a message the user sees and a log line:

- ``max_sessions``: a new tab past it gets ``BUSY_TEXT`` instead of a session (the page: HTTP 503
  with ``Retry-After``; a socket or HTTP-transport request that would start one: the text in a toast,
  then the closed state with its Reload button). Open sessions go on.
- ``max_events_per_second``: each session may send that many events per second (a burst of one
  second's worth); the rest are dropped, acknowledged so the tab does not send them again, one log
  line and one toast per second at most. The session goes on.
- ``max_connections_per_ip``: open WebSockets plus held long polls per client address. Past it a new
  socket is refused like a busy server and a long poll is answered at once (the tab polls instead).
  Loopback addresses are not counted: behind a reverse proxy on the same host every browser
  arrives from there (give the server the real address: Tornado ``xheaders=True``, uvicorn
  ``--proxy-headers``).

``0`` turns a limit off. Example::

    limiter = EventRateLimiter(rate=100)
    limiter.allow(now)        # True while under 100 events in the last second (on average)
"""
from __future__ import annotations

import html
import ipaddress
import json
import logging
import threading
import time
from typing import Callable, Optional

from ..protocol.frames import command

logger = logging.getLogger("webio.limits")

BUSY_TEXT = {
    "en": "The server is busy right now. Please try again in a minute.",
    "zh": "服务器正忙，请稍后再试。",
    "ru": "Сервер сейчас занят. Попробуйте ещё раз через минуту.",
    "de": "Der Server ist gerade ausgelastet. Bitte versuchen Sie es in einer Minute erneut.",
    "fa": "سرور در حال حاضر مشغول است. لطفاً یک دقیقه دیگر دوباره تلاش کنید.",
}
TOO_MANY_CONNECTIONS_TEXT = {
    "en": "Too many open tabs from your address. Close some and try again.",
    "zh": "来自您地址的打开页面过多。请关闭一些后重试。",
    "ru": "Слишком много открытых вкладок с вашего адреса. Закройте некоторые и попробуйте снова.",
    "de": "Zu viele offene Tabs von Ihrer Adresse. Schließen Sie einige und versuchen Sie es erneut.",
    "fa": "تعداد زبانه‌های باز از نشانی شما زیاد است. چند تا را ببندید و دوباره تلاش کنید.",
}
TOO_FAST_TEXT = {
    "en": "Too many actions at once: some were ignored.",
    "zh": "操作过于频繁：部分操作已被忽略。",
    "ru": "Слишком много действий сразу: некоторые были проигнорированы.",
    "de": "Zu viele Aktionen auf einmal: einige wurden ignoriert.",
    "fa": "اقدامات زیادی به‌طور هم‌زمان: برخی نادیده گرفته شدند.",
}
TRY_AGAIN_TEXT = {"en": "Try again", "zh": "重试", "ru": "Повторить", "de": "Erneut versuchen", "fa": "تلاش دوباره"}
RETRY_AFTER_SECONDS = 30  # what the 503 page and the refused HTTP-transport request say in Retry-After
# A new tab at a stopping (draining) worker: its busy page loads itself again this soon, so the load
# balancer, which has seen the worker's readiness answer 503, sends it to a live worker.
DRAINING_RETRY_SECONDS = 3
NOTICE_SECONDS = 8


def localized(texts: dict[str, str], language: str) -> str:
    """The text in ``language`` (``'de-AT'`` → German), English when the client ships no such text."""
    return texts.get((language or "en").split("-")[0].lower(), texts["en"])


def refusal_frame(text: str) -> str:
    """A frame (no seq: applied at once) showing ``text`` in a toast that stays, then closing the tab's
    session view (the closed banner offers Reload)."""
    toast = {"content": text, "duration": 0, "position": "center", "color": "error", "callback_id": None}
    return json.dumps({"commands": [command("toast", toast), command("close_session")]}, ensure_ascii=False)


def busy_page(text: str, language: str = "en", retry_seconds: Optional[int] = None) -> bytes:
    """The small HTML page answering a page request past a limit (HTTP 503): ``text`` and a button
    that loads the page again (labelled in ``language``); with ``retry_seconds``, the page also
    loads itself again after that long (no script: a refresh tag)."""
    escaped = html.escape(text)
    button = html.escape(localized(TRY_AGAIN_TEXT, language))
    refresh = f'<meta http-equiv="refresh" content="{int(retry_seconds)}">' if retry_seconds else ""
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escaped}</title>{refresh}'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;margin:15vh auto;max-width:32em;text-align:center">'
            f'<p style="font-size:1.25em">{escaped}</p>'
            f'<p><button type="button" onclick="location.reload()">{button}</button></p></body></html>').encode()


class EventRateLimiter:
    """A token bucket: ``rate`` events per second on average, bursts of one second's worth."""

    __slots__ = ("rate", "tokens", "stamp", "dropped", "last_notice")

    def __init__(self, rate: float) -> None:
        self.rate = float(rate)
        self.tokens = float(rate)
        self.stamp = time.monotonic()
        self.dropped = 0          # dropped since the last notice
        self.last_notice = 0.0

    def allow(self, now: Optional[float] = None) -> bool:
        """Take one token if there is one."""
        if self.rate <= 0:
            return True
        now = time.monotonic() if now is None else now
        self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.dropped += 1
        return False

    def notice_due(self, now: Optional[float] = None) -> int:
        """How many events were dropped since the last notice, if one is due now (one a second), else 0."""
        now = time.monotonic() if now is None else now
        if not self.dropped or now - self.last_notice < 1.0:
            return 0
        dropped, self.dropped, self.last_notice = self.dropped, 0, now
        return dropped


def counted_address(address: str) -> Optional[str]:
    """The address to count connections for, or None for loopback (a proxy on this host) and unknown."""
    if not address:
        return None
    try:
        if ipaddress.ip_address(address.split("%")[0]).is_loopback:
            return None
    except ValueError:  # a unix socket path or a host name: count it as it is
        pass
    return address


class ConnectionCounter:
    """Open connections (WebSockets, held long polls) per client address, at most ``limit`` each."""

    def __init__(self, limit: int) -> None:
        self.limit = int(limit)
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._last_log = 0.0

    def count(self, address: str) -> int:
        key = counted_address(address)
        return 0 if key is None else self._counts.get(key, 0)

    def full(self, address: str) -> bool:
        """Whether ``address`` has ``limit`` connections open already (logged, at most once a second)."""
        if self.limit <= 0:
            return False
        key = counted_address(address)
        if key is None or self._counts.get(key, 0) < self.limit:
            return False
        now = time.monotonic()
        if now - self._last_log >= 1.0:
            self._last_log = now
            logger.warning("refused a connection from %s: it has %d open already (max_connections_per_ip)",
                           key, self.limit)
        return True

    def claim(self, address: str) -> Optional[Callable[[], None]]:
        """Count one connection of ``address``; returns its release function, or None when full."""
        if self.full(address):
            return None
        key = counted_address(address)
        if key is None or self.limit <= 0:
            return _nothing
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            with self._lock:
                left = self._counts.get(key, 1) - 1
                if left > 0:
                    self._counts[key] = left
                else:
                    self._counts.pop(key, None)

        return release


def _nothing() -> None:
    """Release of a connection that was not counted."""


class SessionLimit:
    """At most ``limit`` sessions in this process's registry (``len(registry)``); logs a refusal."""

    def __init__(self, limit: int, count: Callable[[], int]) -> None:
        self.limit = int(limit)
        self.count = count
        self.draining = False  # the worker is stopping: no new session at all (endpoint.start_draining)
        self._last_log = 0.0

    def full(self) -> bool:
        if self.draining:
            now = time.monotonic()
            if now - self._last_log >= 1.0:
                self._last_log = now
                logger.info("this worker is stopping (draining): a new tab was asked to try again later")
            return True
        if self.limit <= 0 or self.count() < self.limit:
            return False
        now = time.monotonic()
        if now - self._last_log >= 1.0:
            self._last_log = now
            logger.warning("server busy: %d sessions open (max_sessions=%d); a new tab was asked to try again later",
                           self.count(), self.limit)
        return True
