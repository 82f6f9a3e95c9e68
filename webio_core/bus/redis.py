"""``RedisBus``: workers on any number of machines joined through one Redis server (redis-py).

Keys (``prefix`` is ``webio:`` unless set):
- ``webio:in:<worker>``   a Stream: the worker's inbox, read in order and deleted once read; one
  entry holds a batch of messages (fields ``m``, ``m1``, ``m2``...), so a blocked reader wakes
  once for all of them;
- ``webio:out:<session>`` a Stream: the session's outbox; entry ids are the positions
  (``<frame seq>-<n>``), so a tab's ack maps to a place to read from again; plain pub/sub would
  lose what was published while nobody listened;
- ``webio:alive:<worker>`` a string with an expiry: the worker's heartbeat.
Every key has an expiry, refreshed by each write. Sends, publishes and each inbox's blocking read
run on connections the bus keeps for them (``_Lane``), each call's commands in one write.

    >>> bus = RedisBus.from_url("redis://:secret@localhost:6379/0")   # rediss:// for TLS
"""
from __future__ import annotations

import os
import threading
import time
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
# A lane's connection unused for this long is checked (as the pool checks every connection it
# hands out) before it is used again: the server may have closed it meanwhile.
LANE_IDLE_CHECK_SECONDS = 0.1


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


def _stream_entries(reply: Any) -> list[tuple[Any, list[Any]]]:
    """The entries of the one stream of an ``XREAD`` reply (RESP2: a list of pairs, RESP3: a map),
    each as (entry id, flat list of fields and values)."""
    if not reply:
        return []
    streams = list(reply.values()) if isinstance(reply, dict) else [pair[1] for pair in reply]
    return [(entry_id, fields or []) for entry_id, fields in streams[0]]


def _checkout(pool: Any) -> Any:
    try:
        return pool.get_connection()
    except TypeError:  # redis-py before 5.3 wants a command name
        return pool.get_connection("_")


class _Lane:
    """One connection of the pool that a bus keeps for one kind of call (inbox reads of one
    worker, sends, publishes): each call then skips the pool's hand-out, its checks and the
    client's wrapping (a third of a call's time on loopback), and no call waits for another
    kind (a blocked inbox read holds its own lane). A call finding its lane busy takes a
    connection from the pool as before."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connection: Any = None
        self.used = 0.0
        self.closed = False


def _pack(commands: Sequence[tuple[Any, ...]]) -> bytes:
    """``commands`` in the Redis protocol, as one buffer (arguments: text as UTF-8, bytes, integers);
    what ``Connection.pack_commands`` makes, in a third of its time."""
    out = []
    for command in commands:
        out.append(b"*%d\r\n" % len(command))
        for arg in command:
            data = arg.encode() if isinstance(arg, str) else arg if isinstance(arg, bytes) else str(int(arg)).encode()
            out.append(b"$%d\r\n%b\r\n" % (len(data), data))
    return b"".join(out)


def _exchange(connection: Any, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Send ``commands`` in one write and read their replies (an error reply in its place);
    anything else going wrong drops the connection, so no reply is left unread on it."""
    import redis as redis_lib

    try:
        connection.send_packed_command([_pack(commands)])
        replies: list[Any] = []
        for _ in commands:
            try:
                replies.append(connection.read_response())
            except redis_lib.ResponseError as exc:
                replies.append(exc)
        return replies
    except BaseException:
        connection.disconnect()
        raise


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
        self._lanes: dict[str, _Lane] = {}
        _BUSES.add(self)

    def _after_fork(self) -> None:
        # A thread of the parent may have held any lock at the fork: ours, and the connection
        # pool's (redis-py's own reset after a fork takes the pool's lock, and waits forever for
        # a lock held at the fork); the child gets a fresh lock and a fresh pool.
        self._lock = threading.Lock()
        self._cursors.clear()
        self._read.clear()
        self._lanes = {}  # their connections are the parent's
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

    def _run(self, what: str, lane_name: str, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Run ``commands`` in one round trip, on the lane ``lane_name`` unless it is busy; the
        replies in order. ``BusError`` if Redis fails or refuses one of them."""
        import redis as redis_lib

        pool = getattr(self.client, "connection_pool", None)
        if pool is None:
            raise BusError(f"RedisBus needs a redis.Redis client (with a connection pool), got {self.client!r:.80}")
        with self._lock:
            lane = self._lanes.get(lane_name)
            if lane is None:
                lane = self._lanes[lane_name] = _Lane()
        try:
            if lane.lock.acquire(blocking=False):
                try:
                    replies = self._run_on_lane(pool, lane, commands)
                finally:
                    lane.lock.release()
            else:
                connection = _checkout(pool)
                try:
                    replies = _exchange(connection, commands)
                finally:
                    pool.release(connection)
        except (redis_lib.RedisError, OSError, ValueError) as exc:  # ValueError: closed under a read
            raise BusError(f"Redis at {self.url}: {what} failed: {exc}") from exc
        for reply in replies:
            if isinstance(reply, redis_lib.ResponseError):
                raise BusError(f"Redis at {self.url}: {what} failed: {reply}")
        return replies

    @staticmethod
    def _run_on_lane(pool: Any, lane: _Lane, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``_exchange`` on the lane's connection (lane lock held), checked first if it was idle."""
        if lane.closed:
            raise BusError("the bus is closed")
        connection = lane.connection
        try:
            if connection is None:
                connection = lane.connection = _checkout(pool)
            elif time.monotonic() - lane.used > LANE_IDLE_CHECK_SECONDS:
                try:
                    if connection.can_read():  # closed by the server, or a stray reply: start afresh
                        connection.disconnect()
                except Exception:
                    connection.disconnect()
            replies = _exchange(connection, commands)
            lane.used = time.monotonic()
            return replies
        finally:
            if lane.closed and lane.connection is not None:  # the bus closed meanwhile
                pool.release(lane.connection)
                lane.connection = None

    def _close_lanes(self) -> None:
        """Give the lanes' connections back to their pool (a lane busy now gives it back when done)."""
        with self._lock:
            lanes, self._lanes = list(self._lanes.values()), {}
        pool = getattr(self.client, "connection_pool", None)
        for lane in lanes:
            lane.closed = True
            if lane.lock.acquire(blocking=False):
                try:
                    connection, lane.connection = lane.connection, None
                    if connection is not None and pool is not None:
                        pool.release(connection)
                finally:
                    lane.lock.release()
            elif lane.connection is not None:
                lane.connection.disconnect()  # a read blocked on it in another thread ends now

    # ----------------------------------------------------------------- inbox
    def send(self, worker_id: str, message: Mapping[str, Any]) -> None:
        self.send_many(worker_id, [message])

    def send_many(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        if not messages:
            return
        self._run("send", "send", self._send_commands(worker_id, messages))

    def _send_commands(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        # One stream entry holds the whole batch (fields m, m1, m2...): a reader blocked on the
        # inbox wakes once and takes every message, not the first alone then the rest a read later.
        key = self._key("in", worker_id)
        fields: list[str] = []
        for n, message in enumerate(messages):
            fields += (_field(n), encode(message))
        return [("XADD", key, "MAXLEN", "~", INBOX_MAXLEN, "*", *fields), ("EXPIRE", key, int(self.inbox_ttl))]

    def receive(self, worker_id: str, timeout: float) -> list[dict[str, Any]]:
        key = self._key("in", worker_id)
        with self._lock:
            cursor = self._cursors.get(worker_id, "0-0")
            read_before = self._read.pop(worker_id, [])
        read: tuple[Any, ...] = ("XREAD", "STREAMS", key, cursor)
        if timeout > 0:
            read = ("XREAD", "BLOCK", max(1, int(min(timeout, MAX_BLOCK_SECONDS) * 1000)), "STREAMS", key, cursor)
        # What the last call read is deleted in the same round trip as this read.
        commands = [("XDEL", key, *read_before), read] if read_before else [read]
        try:
            entries = _stream_entries(self._run("receive", f"in:{worker_id}", commands)[-1])
        except BusError as exc:
            if "WRONGTYPE" not in str(exc):
                raise
            # Something else wrote this key: the inbox is this worker's, so it is cleared (senders retry).
            logger.warning("Redis key %s is not a stream (written by something other than webio); deleted", key)
            self._call("clear inbox", self.client.delete, key)
            with self._lock:
                self._cursors.pop(worker_id, None)
            return []
        if not entries:
            return []
        last = entries[-1][0]
        with self._lock:
            self._cursors[worker_id] = last.decode() if isinstance(last, bytes) else str(last)
            self._read[worker_id] = [entry_id for entry_id, _ in entries]
        where = f"Redis stream {key}"
        decoded = (decode_or_log(text, self.max_message_bytes, where) for _, fields in entries for text in fields[1::2])
        return [message for message in decoded if message is not None]

    # ----------------------------------------------------------------- outbox
    def publish(self, session_id: str, position: Position, entry: Mapping[str, Any]) -> None:
        self.publish_many(session_id, [(position, entry)])

    def publish_many(self, session_id: str, entries: Sequence[tuple[Position, Mapping[str, Any]]],
                     trim_before: Optional[Position] = None,
                     notify: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> None:
        key = self._key("out", session_id)
        commands: list[tuple[Any, ...]] = [("XADD", key, _stream_id(position), "m", encode(entry))
                                           for position, entry in entries]
        if trim_before is not None:
            commands.append(("XTRIM", key, "MINID", _stream_id(trim_before)))
        commands.append(("EXPIRE", key, int(self.outbox_ttl)))
        for worker_id, message in notify:  # after the entries: a woken reader finds them stored
            commands += self._send_commands(worker_id, [message])
        self._run("publish", "publish", commands)

    def read(self, session_id: str, after: Position = START, timeout: float = 0) -> list[tuple[Position, dict[str, Any]]]:
        key = self._key("out", session_id)
        command: tuple[Any, ...] = ("XREAD", "STREAMS", key, _stream_id(after))
        if timeout > 0:
            command = ("XREAD", "BLOCK", max(1, int(min(timeout, MAX_BLOCK_SECONDS) * 1000)), "STREAMS", key,
                       _stream_id(after))
        entries = []
        for entry_id, fields in _stream_entries(self._run("read", "read", [command])[0]):
            values = dict(zip(fields[0::2], fields[1::2]))
            text = values.get(b"m", values.get("m", b""))
            entry = decode_or_log(text, self.max_message_bytes, f"Redis stream {key}")
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
        self._close_lanes()
        with self._lock:
            url, self._pool_url = self._pool_url, None
        self.client.close()
        if url is not None:
            _POOLS.give_back(url)

    def __repr__(self) -> str:
        return f"<RedisBus {self.url}>"
