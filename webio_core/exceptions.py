"""Exceptions raised by webio.

Two families, after h11: an app that misuses the API gets a subclass of ``WebioUsageError``
(a ``ValueError``/``RuntimeError`` with a message saying what to do); a browser that sends
something malformed causes a ``RemoteProtocolError``, which the transport logs before dropping
that one message. Session lifecycle errors keep PyWebIO's names.
"""
from __future__ import annotations


class SessionException(Exception):
    """Base class of the session lifecycle errors."""


class SessionClosedException(SessionException):
    """The session closed (the browser page went away) while the app was waiting on it."""


class SessionNotFoundException(SessionException):
    """A webio function was called where no session is current."""


class RemoteProtocolError(ValueError):
    """The browser sent a message that breaks the wire protocol; the message is dropped."""


class WebioUsageError(RuntimeError):
    """The app called a webio function in a way that cannot work; the message says what to do."""


class OutputOverflow(WebioUsageError):
    """A coroutine app sent far more output than its browser has read, without awaiting in between."""
