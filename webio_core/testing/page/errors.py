"""Errors raised by the test client. Each message says what is on the page instead."""
from __future__ import annotations


class TestClientError(AssertionError):
    """Base class: a test asked for something a user could not do or see.

    It is an ``AssertionError`` so pytest shows it as a failed expectation.
    """

    __test__ = False  # not a pytest test class


class NotFoundError(TestClientError):
    """The label, scope or output asked for is not on the page."""


class FormError(TestClientError):
    """The form action cannot be done (no form, no such input, read-only input, …)."""


class WaitTimeout(TestClientError):
    """The app did not reach the awaited state in time."""


class AppError(TestClientError):
    """The app raised an exception (the message holds its traceback)."""


class SessionClosed(TestClientError):
    """An action needs the session, but it is closed."""
