"""The ``transport=`` keyword every plugin takes, and ``protocol=``, its older name in the Tornado,
Starlette and aiohttp plugins (still accepted, so apps written for either name keep working)."""
from __future__ import annotations

from typing import Optional

TRANSPORTS = ("websocket", "http")


def choose_transport(transport: Optional[str] = None, protocol: Optional[str] = None,
                     default: str = "websocket") -> str:
    """The transport a plugin was asked for: ``transport``, else its alias ``protocol``, else ``default``.

    Example::

        choose_transport(None, "http")        # 'http'
    """
    if transport is not None and protocol is not None and transport != protocol:
        raise TypeError(f"transport={transport!r} and protocol={protocol!r} disagree: pass only transport= "
                        "(protocol= is its older name)")
    keyword, value = ("transport", transport) if transport is not None else ("protocol", protocol)
    if value is None:
        return default
    if value not in TRANSPORTS:
        raise ValueError(f"{keyword} must be one of {', '.join(map(repr, TRANSPORTS))}, got {value!r}")
    return value
