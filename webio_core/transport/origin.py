"""Origin checks for WebSocket upgrades and HTTP-transport POSTs (secure by default).

Same host is always allowed; a request without an ``Origin`` header (not from a browser page) is
allowed; anything else must match ``allowed_origins`` (shell-style wildcards on the whole origin,
e.g. ``https://*.example.com``) or pass ``check_origin(origin)``, which replaces the list.
"""
from __future__ import annotations

import fnmatch
from typing import Callable, Optional, Sequence
from urllib.parse import urlsplit


def same_host(origin: str, host: str) -> bool:
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def origin_allowed(origin: Optional[str], host: str, allowed_origins: Sequence[str] = (),
                   check_origin: Optional[Callable[[str], bool]] = None) -> bool:
    """True if a page served from ``origin`` may talk to this server at ``host``."""
    if not origin:
        return True
    if same_host(origin, host):
        return True
    if check_origin is not None:
        return bool(check_origin(origin))
    return any(fnmatch.fnmatch(origin, pattern) for pattern in allowed_origins)
