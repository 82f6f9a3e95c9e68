"""``RedisBus``: workers on any number of machines joined through one Redis server (redis-py).

Keys (``prefix`` is ``webio:`` unless set):
- ``webio:in:<worker>``   a Stream: the worker's inbox, read in order and deleted once read; one
  entry holds a batch of messages (fields ``m``, ``m1``, ``m2``...), so a blocked reader wakes
  once for all of them;
- ``webio:out:<session>`` a Stream: the session's outbox; entry ids are the positions
  (``<frame seq>-<n>``), so a tab's ack maps to a place to read from again; plain pub/sub would
  lose what was published while nobody listened;
- ``webio:alive:<worker>`` a string with an expiry: the worker's heartbeat.
Every key has an expiry, refreshed by each write.

    >>> bus = RedisBus.from_url("redis://:secret@localhost:6379/0")   # rediss:// for TLS
"""
from __future__ import annotations

import os
import threading
import weakref
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence

from .base import (DEFAULT_MAX_MESSAGE_BYTES, START, BusError, Position, check_position, decode_or_log, encode,
                   logger, redact)

if TYPE_CHECKING:
    import redis as redis_lib

INBOX_MAXLEN = 100_000
# A blocking read waits at most this long per call (callers loop); the socket timeout is above it.
MAX_BLOCK_SECONDS = 10.0
SOCKET_TIMEOUT = 30.0


def _stream_id(position: Position) -> str:
    return f"{position[0]}-{position[1]}"


def _position(entry_id: Any) -> Position:
    text = entry_id.decode("ascii", "replace") if isinstance(entry_id, bytes) else str(entry_id)
    first, _, second = text.partition("-")
    try:
        return check_position((int(first), int(second)))
    except ValueError:
        raise BusError(f"unexpected stream entry id {text!r:.40}") from None


def _field(n: int) -> str:
    """The stream field of the ``n``-th message of a batch (``m``, ``m1``, ``m2``...)."""
    return f"m{n}" if n else "m"


def fresh_client(client: Any) -> Any:
    """A client like ``client`` on a new connection pool of the same settings, sharing no lock
    or connection with it (for a forked child); ``client`` itself if it has no pool to copy."""
    import redis as redis_lib

    pool = getattr(client, "connection_pool", None)
    if not isinstance(client, redis_lib.Redis) or not isinstance(pool, redis_lib.ConnectionPool):
        return client
    options: dict[str, Any] = dict(pool.connection_kwargs)
    if isinstance(pool, redis_lib.BlockingConnectionPool):
        options["timeout"] = pool.timeout
    copy = type(pool)(connection_class=pool.connection_class, max_connections=pool.max_connections, **options)
    return redis_lib.Redis(connection_pool=copy)


class _SharedPools:
    """One connection pool per Redis URL in a process, whatever the number of buses on it; the
    last bus to close a URL's pool disconnects it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pools: dict[str, tuple[Any, int]] = {}

    def take(self, url: str) -> Any:
        import redis as redis_lib

        with self._lock:
            pool, users = self._pools.get(url, (None, 0))
            if pool is None:
                pool = redis_lib.ConnectionPool.from_url(url, socket_connect_timeout=5, socket_timeout=SOCKET_TIMEOUT,
                                                         health_check_interval=30)
            self._pools[url] = (pool, users + 1)
            return pool

    def give_back(self, url: str) -> None:
        with self._lock:
            pool, users = self._pools.get(url, (None, 0))
            if pool is None:
                return
            if users > 1:
                self._pools[url] = (pool, users - 1)
                return
            del self._pools[url]
        pool.disconnect()

    def users(self, url: str) -> int:
        with self._lock:
            return self._pools.get(url, (None, 0))[1]

    def after_fork(self) -> None:
        # The parent's pools (their locks, their connections) stay the parent's.
        self._lock = threading.Lock()
        self._pools = {}


_POOLS = _SharedPools()
_BUSES: "weakref.WeakSet[RedisBus]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    _POOLS.after_fork()
    for bus in list(_BUSES):
        bus._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class RedisBus:
    """Inboxes and outboxes as Redis Streams, heartbeats as keys with an expiry (see the module)."""

    name = "redis"

    def __init__(self, client: redis_lib.Redis, *, prefix: str = "webio:", url: str = "",
                 inbox_ttl: float = 600.0, outbox_ttl: float = 3600.0,
                 max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> None:
        self.client = client
        self.prefix = prefix
        self.url = redact(url) if url else repr(client)
        self.inbox_ttl = inbox_ttl
        self.outbox_ttl = outbox_ttl
        self.max_message_bytes = max_message_bytes
        self._cursors: dict[str, str] = {}
        self._read: dict[str, list[Any]] = {}
        self._lock = threading.Lock()
        self._pool_url: Optional[str] = None  # set by from_url: the pool is shared, see _SharedPools
        _BUSES.add(self)

    def _after_fork(self) -> None:
        # A thread of the parent may have held any lock at the fork: ours, and the connection
        # pool's (redis-py's own reset after a fork takes the pool's lock, and waits forever for
        # a lock held at the fork); the child gets a fresh lock and a fresh pool.
        self._lock = threading.Lock()
        self._cursors.clear()
        self._read.clear()
        if self._pool_url is not None:
            import redis as redis_lib

            self.client = redis_lib.Redis(connection_pool=_POOLS.take(self._pool_url))
        else:
            self.client = fresh_client(self.client)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisBus:
        """A bus on the Redis server at ``url`` (``redis://[user:password@]host:port/db``,
        ``rediss://`` for TLS, ``unix:///path.sock``); ``options`` go to ``RedisBus``.
        Buses on one URL in a process share one connection pool."""
        try:
            import redis as redis_lib
        except ImportError:
            raise BusError("a redis:// bus needs the redis package: pip install 'webio[redis]'") from None
        pool = _POOLS.take(url)
        try:
            bus = cls(redis_lib.Redis(connection_pool=pool), url=url, **options)
        except BaseException:
            _POOLS.give_back(url)
            raise
        bus._pool_url = url
        return bus

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}{kind}:{name}"

    def _call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        import redis as redis_lib

        try:
            return func(*args, **kwargs)
        except redis_lib.RedisError as exc:
            raise BusError(f"Redis at {self.url}: {what} failed: {exc}") from exc

    # ----------------------------------------------------------------- inbox
    def send(self, worker_id: str, message: Mapping[str, Any]) -> None:
        self.send_many(worker_id, [message])

    def send_many(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        if not messages:
            return
        pipe = self.client.pipeline(transaction=False)
        self._queue_send(pipe, worker_id, messages)
        self._call("send", pipe.execute)

    def _queue_send(self, pipe: Any, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        # One stream entry holds the whole batch (fields m, m1, m2...): a reader blocked on the
        # inbox wakes once and takes every message, not the first alone then the rest a read later.
        key = self._key("in", worker_id)
        fields = {_field(n): encode(message) for n, message in enumerate(messages)}
        pipe.xadd(key, fields, maxlen=INBOX_MAXLEN, approximate=True)
        pipe.expire(key, int(self.inbox_ttl))

    def receive(self, worker_id: str, timeout: float) -> list[dict[str, Any]]:
        key = self._key("in", worker_id)
        with self._lock:
            cursor = self._cursors.get(worker_id, "0-0")
            read_before = self._read.pop(worker_id, [])
        block = max(1, int(min(timeout, MAX_BLOCK_SECONDS) * 1000)) if timeout > 0 else None
        try:
            if read_before:  # delete what the last call read in the same round trip as this read
                pipe = self.client.pipeline(transaction=False)
                pipe.xdel(key, *read_before)
                pipe.xread({key: cursor}, block=block)
                found = self._call("receive", pipe.execute)[1]
            else:
                found = self._call("receive", self.client.xread, {key: cursor}, block=block)
        except BusError as exc:
            if "WRONGTYPE" not in str(exc):
                raise
            # Something else wrote this key: the inbox is this worker's, so it is cleared (senders retry).
            logger.warning("Redis key %s is not a stream (written by something other than webio); deleted", key)
            self._call("clear inbox", self.client.delete, key)
            with self._lock:
                self._cursors.pop(worker_id, None)
            return []
        if not found:
            return []
        entries = found[0][1]
        last = entries[-1][0]
        with self._lock:
            self._cursors[worker_id] = last.decode() if isinstance(last, bytes) else str(last)
            self._read[worker_id] = [entry_id for entry_id, _ in entries]
        where = f"Redis stream {key}"
        decoded = (decode_or_log(text, self.max_message_bytes, where) for _, fields in entries for text in fields.values())
        return [message for message in decoded if message is not None]

    # ----------------------------------------------------------------- outbox
    def publish(self, session_id: str, position: Position, entry: Mapping[str, Any]) -> None:
        self.publish_many(session_id, [(position, entry)])

    def publish_many(self, session_id: str, entries: Sequence[tuple[Position, Mapping[str, Any]]],
                     trim_before: Optional[Position] = None,
                     notify: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> None:
        key = self._key("out", session_id)
        texts = [(position, encode(entry)) for position, entry in entries]
        pipe = self.client.pipeline(transaction=False)
        for position, text in texts:
            pipe.xadd(key, {"m": text}, id=_stream_id(position))
        if trim_before is not None:
            pipe.xtrim(key, minid=_stream_id(trim_before), approximate=False)
        pipe.expire(key, int(self.outbox_ttl))
        for worker_id, message in notify:  # after the entries: a woken reader finds them stored
            self._queue_send(pipe, worker_id, [message])
        self._call("publish", pipe.execute)

    def read(self, session_id: str, after: Position = START, timeout: float = 0) -> list[tuple[Position, dict[str, Any]]]:
        key = self._key("out", session_id)
        block = max(1, int(min(timeout, MAX_BLOCK_SECONDS) * 1000)) if timeout > 0 else None
        found = self._call("read", self.client.xread, {key: _stream_id(after)}, block=block)
        if not found:
            return []
        entries = []
        for entry_id, fields in found[0][1]:
            entry = decode_or_log(fields.get(b"m", b""), self.max_message_bytes, f"Redis stream {key}")
            if entry is not None:
                entries.append((_position(entry_id), entry))
        return entries

    def trim(self, session_id: str, before: Position) -> None:
        self._call("trim", self.client.xtrim, self._key("out", session_id), minid=_stream_id(before),
                   approximate=False)

    def drop(self, session_id: str) -> None:
        self._call("drop", self.client.delete, self._key("out", session_id))

    # ----------------------------------------------------------------- heartbeats
    def beat(self, worker_id: str, ttl: float) -> None:
        self._call("heartbeat", self.client.set, self._key("alive", worker_id), b"1", px=max(1, int(ttl * 1000)))

    def forget(self, worker_id: str) -> None:
        self._call("forget", self.client.delete, self._key("alive", worker_id), self._key("in", worker_id))

    def is_alive(self, worker_id: str) -> bool:
        return bool(self._call("heartbeat check", self.client.exists, self._key("alive", worker_id)))

    def check(self) -> None:
        """Raise ``BusError`` unless the server answers a PING."""
        self._call("PING", self.client.ping)

    def close(self) -> None:
        with self._lock:
            url, self._pool_url = self._pool_url, None
        self.client.close()
        if url is not None:
            _POOLS.give_back(url)

    def __repr__(self) -> str:
        return f"<RedisBus {self.url}>"
