"""The options of an endpoint (manual §4.5 and webio's own), listed, defaulted and parsed once.

Every plugin passes its options through ``EndpointSettings.parse``; ``OPTION_NAMES`` is the one list
of their names (plus ``registry`` and ``bus``, which are parts rather than settings: ``ENDPOINT_KEYWORDS``).
``bus`` (a URL such as ``"redis://host:6379/0"`` or a ``webio.bus.Bus``; default ``$WEBIO_BUS``, else
this process only) lets the worker processes of one deployment serve each other's sessions.

Example::

    settings = EndpointSettings.parse(max_payload_size="4M", reconnect_timeout=30)
    settings.max_payload_size     # 4194304
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable, Mapping, Optional, Sequence, TypeVar, Union

from ..protocol.sizes import DEFAULT_MAX_BUFFERED_OUTPUT as DEFAULT_MAX_BUFFERED_OUTPUT  # re-exported
from ..protocol.sizes import DEFAULT_MAX_PAYLOAD_SIZE as DEFAULT_MAX_PAYLOAD_SIZE  # re-exported
from ..protocol.sizes import parse_size

# Far above what one process serves well, so only a flood reaches them (docs/limits.md).
DEFAULT_MAX_SESSIONS = 20000
DEFAULT_MAX_EVENTS_PER_SECOND = 1000.0
DEFAULT_MAX_CONNECTIONS_PER_IP = 200
# How long a stopping worker with a bus keeps serving its open sessions (docs/deployment.md).
DEFAULT_DRAIN_TIMEOUT = 30.0
T = TypeVar("T")


@dataclass(frozen=True)
class EndpointSettings:
    """The options of manual §4.5, with the same meaning in every plugin."""

    cdn: Union[bool, str, None] = False
    reconnect_timeout: float = 0
    allowed_origins: Sequence[str] = ()
    check_origin: Optional[Callable[[str], bool]] = None
    max_payload_size: int = parse_size(DEFAULT_MAX_PAYLOAD_SIZE)
    session_expire_seconds: float = 600
    session_cleanup_interval: float = 300
    debug: bool = False
    # Blocking (WSGI) long polls held at once; more are answered at once, so the server's threads
    # stay free for other requests. Keep it below the server's thread count.
    http_max_held_polls: int = 8
    # Output a session keeps for a tab that has not acknowledged it (characters of JSON, about bytes);
    # past it the app's next output call waits (session/base.py "Backpressure").
    max_buffered_output: int = parse_size(DEFAULT_MAX_BUFFERED_OUTPUT)
    # Limits a public server needs (transport/limits.py, docs/limits.md); 0 turns one off.
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_events_per_second: float = DEFAULT_MAX_EVENTS_PER_SECOND
    max_connections_per_ip: int = DEFAULT_MAX_CONNECTIONS_PER_IP
    # Graceful stop (SIGTERM): seconds the worker keeps serving its open sessions, taking no new ones,
    # before it closes them. None: DEFAULT_DRAIN_TIMEOUT with a shared bus, 0 (close at once) without.
    drain_timeout: Optional[float] = None
    # Accept permessage-deflate when the browser offers it, in the form of transport/deflate.py
    # (no context takeover, small windows, small messages uncompressed); False declines it.
    websocket_compression: bool = True
    # Not options: how long the HTTP transport holds an event-less poll / waits for the app to react.
    http_poll_cap: float = 20.0
    http_react_cap: float = 2.0

    @classmethod
    def parse(cls, *, cdn: Union[bool, str, None] = False, reconnect_timeout: Optional[float] = 0,
              allowed_origins: Optional[Sequence[str]] = None,
              check_origin: Optional[Callable[[str], bool]] = None,
              max_payload_size: Union[int, str] = DEFAULT_MAX_PAYLOAD_SIZE,
              session_expire_seconds: Optional[float] = None, session_cleanup_interval: Optional[float] = None,
              debug: bool = False, http_max_held_polls: int = 8,
              max_buffered_output: Union[int, str] = DEFAULT_MAX_BUFFERED_OUTPUT,
              max_sessions: Optional[int] = None, max_events_per_second: Optional[float] = None,
              max_connections_per_ip: Optional[int] = None,
              drain_timeout: Optional[float] = None,
              websocket_compression: bool = True) -> EndpointSettings:
        """The settings from a plugin's keyword arguments (``None``: the default)."""
        return cls(cdn=cdn, reconnect_timeout=float(reconnect_timeout or 0),
                   allowed_origins=tuple(allowed_origins or ()), check_origin=check_origin,
                   max_payload_size=parse_size(max_payload_size),
                   session_expire_seconds=float(session_expire_seconds or 600),
                   session_cleanup_interval=float(session_cleanup_interval or 300), debug=bool(debug),
                   http_max_held_polls=int(http_max_held_polls),
                   max_buffered_output=parse_size(max_buffered_output),
                   max_sessions=int(_limit(max_sessions, DEFAULT_MAX_SESSIONS, "max_sessions")),
                   max_events_per_second=_limit(max_events_per_second, DEFAULT_MAX_EVENTS_PER_SECOND,
                                                "max_events_per_second"),
                   max_connections_per_ip=int(_limit(max_connections_per_ip, DEFAULT_MAX_CONNECTIONS_PER_IP,
                                                 "max_connections_per_ip")),
                   drain_timeout=None if drain_timeout is None else _limit(drain_timeout, 0, "drain_timeout"),
                   websocket_compression=bool(websocket_compression))

    @property
    def cdn_url(self) -> Optional[str]:
        """``cdn=True``/``False``: serve assets ourselves (offline); a string: that URL prefix."""
        if isinstance(self.cdn, str) and self.cdn:
            return self.cdn if self.cdn.endswith("/") else self.cdn + "/"
        return None


def _limit(value: Union[int, float, None], default: float, name: str) -> float:
    """A limit setting: None → the default, 0 → off; a negative or non-number value is an error."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number >= 0 (0 turns the limit off), got {value!r}")
    return float(value)


OPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(EndpointSettings) if not f.name.startswith("http_")) + (
    "http_max_held_polls",)
ENDPOINT_KEYWORDS: tuple[str, ...] = OPTION_NAMES + ("registry", "bus")


def endpoint_kwargs(options: Mapping[str, T]) -> dict[str, T]:
    """Pick the endpoint's keyword arguments (``ENDPOINT_KEYWORDS``) out of a plugin's options."""
    return {key: options[key] for key in ENDPOINT_KEYWORDS if key in options}


# (drain_timeout travels with them: a setting of the endpoint that start_server passes through.)
LIMIT_NAMES: tuple[str, ...] = ("max_sessions", "max_events_per_second", "max_connections_per_ip", "drain_timeout")
# Endpoint options every start_server takes out of its extra keyword arguments (the rest go to its server).
TAKEN_NAMES: tuple[str, ...] = LIMIT_NAMES + ("websocket_compression",)


def take_limits(options: dict[str, T]) -> dict[str, T]:
    """Remove the limit settings (``LIMIT_NAMES``) and ``websocket_compression`` from a ``start_server``'s
    extra keyword arguments and return them, so the rest can go to the server. Example: ``take_limits(kwargs)``."""
    return {key: options.pop(key) for key in TAKEN_NAMES if key in options}
