"""Session ids that name their owner: ``<worker id>.<random token>``, minted here only.

The owner is the worker process whose memory holds the session (its thread or coroutine). Any
other worker reads the owner from the id and routes the request to it over a bus (webio.bus).
A worker id is unique across machines and restarts (host hash, pid, 64 random bits); the token
is 192 bits from ``secrets``, so knowing a worker id gives nothing. Ids from a browser are checked
with ``parse_session_id`` and refused when malformed, never trusted.

    >>> sid = new_session_id()
    >>> parse_session_id(sid).owner == worker_id()
    True
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import threading
from typing import NamedTuple, Optional

SEPARATOR = "."
WORKER_ID_PATTERN = re.compile(r"[0-9a-z]{8,40}")
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,64}")  # 22 url-safe base64 characters: 132 bits
TOKEN_BYTES = 24  # 192 bits
MAX_SESSION_ID_LENGTH = 40 + 1 + 64


class InvalidSessionId(ValueError):
    """A session id that does not have the form ``<worker id>.<token>`` (from a browser: refuse it)."""


class SessionId(NamedTuple):
    """The two parts of a session id."""

    owner: str
    token: str


def new_worker_id() -> str:
    """A fresh worker id: 8 hex of the host name's hash, 6 of the pid, 16 random (64 bits)."""
    host = hashlib.blake2b(socket.gethostname().encode(), digest_size=4).hexdigest()
    pid = format(os.getpid() & 0xFFFFFF, "06x")
    return f"{host}{pid}{secrets.token_hex(8)}"


_lock = threading.Lock()
_worker_id: Optional[str] = None


def worker_id() -> str:
    """This process's worker id (a forked child, e.g. a gunicorn worker, gets its own)."""
    global _worker_id
    with _lock:
        if _worker_id is None:
            _worker_id = new_worker_id()
        return _worker_id


def _forget_worker_id() -> None:
    global _worker_id, _lock
    _lock = threading.Lock()  # a thread of the parent may have held it at the fork
    _worker_id = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_worker_id)


def check_worker_id(value: str) -> str:
    """``value`` if it is a well-formed worker id, else ``InvalidSessionId`` saying the form."""
    if not isinstance(value, str) or not WORKER_ID_PATTERN.fullmatch(value):
        raise InvalidSessionId(f"a worker id is 8 to 40 characters of 0-9 and a-z, got {value!r:.60}")
    return value


def new_session_id(owner: Optional[str] = None) -> str:
    """A new unguessable session id owned by ``owner`` (default: this process's worker)."""
    owner = check_worker_id(owner) if owner is not None else worker_id()
    return f"{owner}{SEPARATOR}{secrets.token_urlsafe(TOKEN_BYTES)}"


def parse_session_id(value: object) -> SessionId:
    """Split a session id into owner and token; ``InvalidSessionId`` if it is malformed.

        >>> parse_session_id("0123abcd.AAAAAAAAAAAAAAAAAAAAAAAA").owner
        '0123abcd'
    """
    if not isinstance(value, str) or len(value) > MAX_SESSION_ID_LENGTH:
        raise InvalidSessionId(f"a session id is a string of at most {MAX_SESSION_ID_LENGTH} characters")
    owner, sep, token = value.partition(SEPARATOR)
    if not sep or not WORKER_ID_PATTERN.fullmatch(owner) or not TOKEN_PATTERN.fullmatch(token):
        raise InvalidSessionId(f"malformed session id {value!r:.60}: expected '<worker id>.<token>'")
    return SessionId(owner, token)


def owner_of(value: object) -> Optional[str]:
    """The owner worker of a session id, or None if the id is malformed."""
    try:
        return parse_session_id(value).owner
    except InvalidSessionId:
        return None


def short_id(value: str) -> str:
    """A few characters of a session id for log lines (from the token: every id starts with its owner)."""
    return value.rpartition(SEPARATOR)[2][:8]
