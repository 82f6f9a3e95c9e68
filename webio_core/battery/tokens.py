"""Signed login tokens: ``v1.<issued>.<user, base64url>.<HMAC-SHA256, base64url>``.

The signature covers the token's name too, so a token minted for one app cannot be replayed as
another's. Without an app secret, a random one is made per process: tokens then stop working
when the server restarts and are not shared between worker processes.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from typing import Optional, Union

logger = logging.getLogger("webio.battery")

Secret = Union[str, bytes, None]
_process_secret = secrets.token_bytes(32)
_warned = False
CLOCK_SKEW = 300.0


def secret_bytes(secret: Secret) -> bytes:
    """The HMAC key: the app's secret, or (with a warning, once) this process's random one."""
    global _warned
    if secret is None:
        if not _warned:
            _warned = True
            logger.warning("login without a secret: using a random per-process secret, so users log in again "
                           "after a restart and tokens do not work across worker processes; pass secret=...")
        return _process_secret
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValueError("the login secret must be a str or bytes of at least 16 characters; make one with "
                         "python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    return secret


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, name: str, issued: str, user: str) -> str:
    message = f"v1|{name}|{issued}|{user}".encode()
    return _b64(hmac.new(key, message, hashlib.sha256).digest())


def sign_token(secret: Secret, name: str, username: str, now: Optional[float] = None) -> str:
    """A token saying ``username`` logged in now, for the token slot ``name``."""
    key = secret_bytes(secret)
    issued = str(int(time.time() if now is None else now))
    user = _b64(username.encode("utf-8"))
    return f"v1.{issued}.{user}.{_signature(key, name, issued, user)}"


def verify_token(secret: Secret, name: str, token: object, max_age_days: float,
                 now: Optional[float] = None) -> Optional[str]:
    """The username in a valid, unexpired token; None for anything else (logged at debug level)."""
    if not isinstance(token, str) or token.count(".") != 3:
        return None
    version, issued, user, signature = token.split(".")
    key = secret_bytes(secret)
    if version != "v1" or not issued.isdigit():
        return None
    if not hmac.compare_digest(signature, _signature(key, name, issued, user)):
        logger.debug("refused a login token with a wrong signature")
        return None
    age = (time.time() if now is None else now) - int(issued)
    if age < -CLOCK_SKEW or age > max_age_days * 86400:
        return None
    try:
        return _unb64(user).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
