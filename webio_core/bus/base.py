"""The bus between webio workers: what every implementation offers, and how messages are encoded.

Three things travel over a bus:
- **inbox** messages to one worker (``send`` / ``receive``): requests for the sessions it owns
  and "changed" notes for the sessions it follows; kept in order;
- the **outbox** of one session (``publish`` / ``read`` / ``trim``): its frames and state notes,
  written by the owner at increasing positions and readable again from any position, so a tab's
  ack can be served by any worker;
- **heartbeats** (``beat`` / ``is_alive``): a worker whose key expired is gone.
Everything expires. Messages are JSON objects, encoded as text and size-checked on the way in:
nothing read from a bus is trusted more than what a browser sends (no pickle, bounded sizes).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Mapping, Optional, Protocol, Sequence, Tuple, runtime_checkable

# Where an outbox entry sits: (frame seq, n). Frames sit at (seq, 0); state notes after them.
Position = Tuple[int, int]
START: Position = (0, 0)
DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024

logger = logging.getLogger("webio.bus")


class BusError(RuntimeError):
    """The bus could not be used (unreachable, refused, or sent something malformed)."""


class BusConfigError(ValueError):
    """A bus setting that cannot work (bad URL, unreachable server); the message names the setting."""


@runtime_checkable
class Bus(Protocol):
    """Messaging between the workers of one deployment (see the module docstring)."""

    name: str

    def send(self, worker_id: str, message: Mapping[str, Any]) -> None:
        """Put ``message`` in the inbox of ``worker_id`` (kept in order, expires if nobody reads it)."""

    def send_many(self, worker_id: str, messages: Sequence[Mapping[str, Any]]) -> None:
        """``send`` each of ``messages`` in order (Redis: in one round trip)."""

    def receive(self, worker_id: str, timeout: float) -> list[dict[str, Any]]:
        """Take the next messages of ``worker_id``'s inbox, waiting up to ``timeout`` seconds
        (an implementation may return nothing earlier: callers loop)."""

    def publish(self, session_id: str, position: Position, entry: Mapping[str, Any]) -> None:
        """Append ``entry`` to the session's outbox at ``position`` (greater than every earlier one)."""

    def publish_many(self, session_id: str, entries: Sequence[tuple[Position, Mapping[str, Any]]],
                     trim_before: Optional[Position] = None,
                     notify: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> None:
        """``publish`` each entry in order, then ``trim`` before ``trim_before``, then ``send`` each
        ``(worker_id, message)`` of ``notify`` (Redis: all in one round trip)."""

    def read(self, session_id: str, after: Position = START, timeout: float = 0) -> list[tuple[Position, dict[str, Any]]]:
        """The outbox entries after ``after``, waiting up to ``timeout`` seconds if there are none
        (an implementation may return nothing earlier: callers loop)."""

    def trim(self, session_id: str, before: Position) -> None:
        """Forget the outbox entries before ``before``."""

    def drop(self, session_id: str) -> None:
        """Forget the session's outbox."""

    def beat(self, worker_id: str, ttl: float) -> None:
        """Say ``worker_id`` is alive for the next ``ttl`` seconds."""

    def forget(self, worker_id: str) -> None:
        """Say ``worker_id`` stopped (graceful shutdown); its inbox goes too."""

    def is_alive(self, worker_id: str) -> bool:
        """Whether ``worker_id``'s heartbeat has not expired."""

    def check(self) -> None:
        """Raise ``BusError`` if the bus cannot be reached now (used at startup)."""

    def close(self) -> None:
        """Release connections and threads."""


def encode(message: Mapping[str, Any]) -> str:
    """A bus message as JSON text (only JSON types travel)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode(text: Any, max_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> dict[str, Any]:
    """Parse one bus message; ``BusError`` unless it is a JSON object of at most ``max_bytes``."""
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise BusError(f"bus message of {len(text)} bytes is over the limit of {max_bytes}")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise BusError("bus message is not UTF-8") from None
    if not isinstance(text, str):
        raise BusError(f"bus message must be JSON text, got {type(text).__name__}")
    if len(text) > max_bytes:
        raise BusError(f"bus message of {len(text)} characters is over the limit of {max_bytes}")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise BusError(f"bus message is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise BusError(f"bus message must be a JSON object, got {type(value).__name__}")
    return value


def decode_or_log(text: Any, max_bytes: int, where: str) -> Optional[dict[str, Any]]:
    """``decode(text)``, or None after a warning naming ``where`` (a bad message is dropped, not fatal)."""
    try:
        return decode(text, max_bytes)
    except BusError as exc:
        logger.warning("dropped a message from %s: %s", where, exc)
        return None


def check_position(value: Any) -> Position:
    """A position from the wire, checked: two non-negative integers."""
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value)):
        return (value[0], value[1])
    raise BusError(f"an outbox position is two non-negative integers, got {value!r:.60}")


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for error messages and logs)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))
    except ValueError:
        return "<unparsable URL>"


def optional_float(value: Optional[str], name: str, default: float) -> float:
    """A positive number from a URL query parameter, or ``default``."""
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise BusConfigError(f"{name} must be a number of seconds, got {value!r}") from None
    if number <= 0:
        raise BusConfigError(f"{name} must be positive, got {value!r}")
    return number
