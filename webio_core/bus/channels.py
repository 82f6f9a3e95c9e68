"""``ChannelsBus``: inboxes over a Django Channels layer (``channel_layer.send`` to the owner).

A Django site with ``CHANNEL_LAYERS`` needs nothing else: each worker receives on the channel
``webio.in.<worker id>``. A channel layer only passes messages, so outboxes and heartbeats are
kept by ``storage``: by default a ``RedisBus`` on the layer's own Redis (channels_redis), or an
``InProcessBus`` for the in-memory layer (one process). Messages travel as JSON text inside the
layer's message, checked like any bus message.

    >>> bus = ChannelsBus.from_settings()          # settings.CHANNEL_LAYERS["default"]
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
import weakref
from typing import Any, Coroutine, Mapping, Optional, Sequence, TypeVar

from .base import DEFAULT_MAX_MESSAGE_BYTES, START, Bus, BusError, Position, decode_or_log, encode, logger

T = TypeVar("T")
MESSAGE_TYPE = "webio.bus"


class _LoopThread:
    """A private event loop in a daemon thread: the layer's coroutines run there, whoever calls."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run_forever, name="webio-channels-bus", daemon=True)
        self.thread.start()

    def _run_forever(self) -> None:
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()  # in this thread: channels_redis closes its connections of this loop here

    def run(self, coro: Coroutine[Any, Any, T], timeout: Optional[float] = None) -> T:
        future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def storage_for_layer(layer: Any) -> Bus:
    """The outbox and heartbeat store that goes with ``layer`` (its Redis, or this process)."""
    from channels.layers import InMemoryChannelLayer

    from .memory import InProcessBus
    from .redis import SOCKET_TIMEOUT, RedisBus

    if isinstance(layer, InMemoryChannelLayer):
        return InProcessBus()
    hosts = getattr(layer, "hosts", None)
    if not hosts:
        raise BusError(f"cannot tell where the Redis of the channel layer {type(layer).__name__} is; "
                       "pass ChannelsBus(layer, storage=RedisBus.from_url(...))")
    host = dict(hosts[0])
    address = host.pop("address", None)
    # The storage's own timeouts (its blocking reads wait up to 10 s), whatever the layer's are.
    for timeout in ("socket_timeout", "socket_connect_timeout"):
        host.pop(timeout, None)
    timeouts = {"socket_connect_timeout": 5, "socket_timeout": SOCKET_TIMEOUT}
    if isinstance(address, str):
        if not host:  # the usual case: the pool of this URL, shared with any other bus on it
            return RedisBus.from_url(address)
        import redis as redis_lib

        client = redis_lib.Redis.from_url(address, **{**host, **timeouts})
        return RedisBus(client, url=address)
    import redis as redis_lib

    return RedisBus(redis_lib.Redis(**{**host, **timeouts}))


def read_timeout_too_short(layer: Any) -> Optional[str]:
    """Why ``layer`` (channels_redis) would break its own blocking reads, if it would: its Redis
    read timeout (redis-py 8: 5 s by default) is not above the 5 s its blocking pop waits."""
    hosts = getattr(layer, "hosts", None)
    wait = getattr(layer, "brpop_timeout", None)
    if not hosts or not isinstance(wait, (int, float)):
        return None
    import redis.asyncio as aioredis

    default = getattr(aioredis.Connection(), "socket_timeout", None)  # not connected: only its settings
    for host in hosts:
        timeout = host.get("socket_timeout", default) if isinstance(host, dict) else default
        if isinstance(timeout, (int, float)) and timeout <= wait:
            return (f"the channel layer waits {wait} s for messages but its Redis read timeout is {timeout} s, so "
                    "its reads fail now and then (consumers crash with 'Timeout reading from'); in "
                    "settings.CHANNEL_LAYERS give each host a longer one, e.g. "
                    "{'address': 'redis://redis:6379/0', 'socket_timeout': 30}")
    return None


_BUSES: "weakref.WeakSet[ChannelsBus]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for bus in list(_BUSES):
        bus._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class ChannelsBus:
    """Inbox messages over a Channels layer; outboxes and heartbeats in ``storage``."""

    name = "channels"

    def __init__(self, layer: Any, storage: Optional[Bus] = None, *,
                 max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> None:
        self.layer = layer
        self.storage: Bus = storage if storage is not None else storage_for_layer(layer)
        self.max_message_bytes = max_message_bytes
        self._loop: Optional[_LoopThread] = None
        self._lock = threading.Lock()
        self._receiving: dict[str, asyncio.Future[Any]] = {}
        _BUSES.add(self)

    def _after_fork(self) -> None:
        self._loop = None  # the loop thread stayed in the parent
        self._lock = threading.Lock()
        self._receiving = {}

    @classmethod
    def from_settings(cls, alias: str = "default") -> ChannelsBus:
        """The bus on ``settings.CHANNEL_LAYERS[alias]``; ``BusError`` if there is none."""
        from channels.layers import get_channel_layer

        layer = get_channel_layer(alias)
        if layer is None:
            raise BusError(f"settings.CHANNEL_LAYERS has no {alias!r} layer; add one (e.g. channels_redis)")
        problem = read_timeout_too_short(layer)
        if problem is not None:
            logger.warning("settings.CHANNEL_LAYERS[%r]: %s", alias, problem)
        return cls(layer)

    def _run(self, coro: Coroutine[Any, Any, T], timeout: Optional[float] = None) -> T:
        with self._lock:
            if self._loop is None:
                self._loop = _LoopThread()
            loop = self._loop
        return loop.run(coro, timeout)

    @staticmethod
    def channel(worker_id: str) -> str:
        return f"webio.in.{worker_id}"

    # ----------------------------------------------------------------- inbox: the layer
    def send(self, worker_id: str, message: Mapping[str, Any]) -> None:
        self.send_many(worker_id, [message])

    def send_many(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        payloads = [{"type": MESSAGE_TYPE, "m": encode(message)} for message in messages]
        channel = self.channel(worker_id)

        async def send_all() -> None:
            for payload in payloads:
                await self.layer.send(channel, payload)

        try:
            self._run(send_all(), 30)
        except Exception as exc:  # the layer's own errors (ChannelFull, connection errors)
            raise BusError(f"channel layer {type(self.layer).__name__}: send failed: {exc!r}") from exc

    def receive(self, worker_id: str, timeout: float) -> list[dict[str, Any]]:
        async def take() -> Any:
            # A receive is never cancelled (a message popped just then would be lost): one that
            # times out stays pending and the next call waits for it again.
            task = self._receiving.pop(worker_id, None)
            if task is None:
                task = asyncio.ensure_future(self.layer.receive(self.channel(worker_id)))
            done, _ = await asyncio.wait({task}, timeout=max(timeout, 0.001))
            if not done:
                self._receiving[worker_id] = task
                return None
            return task.result()

        try:
            raw = self._run(take())
        except Exception as exc:
            raise BusError(f"channel layer {type(self.layer).__name__}: receive failed: {exc!r}") from exc
        if raw is None:
            return []
        if not isinstance(raw, dict) or raw.get("type") != MESSAGE_TYPE:
            logger.warning("dropped a message of another kind on channel %s", self.channel(worker_id))
            return []
        message = decode_or_log(raw.get("m"), self.max_message_bytes, f"channel {self.channel(worker_id)}")
        return [] if message is None else [message]

    # ----------------------------------------------------------------- outbox and heartbeats: storage
    def publish(self, session_id: str, position: Position, entry: Mapping[str, Any]) -> None:
        self.storage.publish(session_id, position, entry)

    def publish_many(self, session_id: str, entries: Sequence[tuple[Position, Mapping[str, Any]]],
                     trim_before: Optional[Position] = None,
                     notify: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> None:
        self.storage.publish_many(session_id, entries, trim_before)
        for worker_id, message in notify:  # through the layer, after the entries are stored
            self.send(worker_id, message)

    def read(self, session_id: str, after: Position = START, timeout: float = 0) -> list[tuple[Position, dict[str, Any]]]:
        return self.storage.read(session_id, after, timeout)

    def trim(self, session_id: str, before: Position) -> None:
        self.storage.trim(session_id, before)

    def drop(self, session_id: str) -> None:
        self.storage.drop(session_id)

    def beat(self, worker_id: str, ttl: float) -> None:
        self.storage.beat(worker_id, ttl)

    def forget(self, worker_id: str) -> None:
        self.storage.forget(worker_id)

    def is_alive(self, worker_id: str) -> bool:
        return self.storage.is_alive(worker_id)

    def check(self) -> None:
        self.storage.check()

    def close(self) -> None:
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None:
            for task in self._receiving.values():
                loop.loop.call_soon_threadsafe(task.cancel)
            self._receiving.clear()
            loop.stop()
        self.storage.close()

    def __repr__(self) -> str:
        return f"<ChannelsBus {type(self.layer).__name__} storage={self.storage!r}>"
