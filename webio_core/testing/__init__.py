"""``webio.testing``: test webio apps like a user would, without a browser.

``run_app(app)`` runs the app in a real session of this process; ``connect(url)`` talks to a
running server over the wire protocol. Both return a client with one API: read ``client.text``,
``client.scope('name')``, ``client.form``, ``client.popup``, ``client.toasts``, ``client.downloads``,
``client.pin['name']``; act with ``fill``, ``submit``, ``press``, ``click``, ``set_pin``, ``upload``,
``cancel``, ``close``; wait with ``wait_idle`` / ``wait_until``. The pytest fixture
``webio_client`` (from the ``webio`` pytest plugin) closes what it opened. ``workers(app, n=2,
bus=URL)`` serves the app from several workers sharing a bus (a multi-process deployment in one
process; see docs/testing.md).

Example::

    from webio.input import input
    from webio.output import put_text
    from webio.testing import run_app

    def app():
        name = input("Your name")
        put_text(f"Hello, {name}")

    def test_hello():
        client = run_app(app)
        client.submit({"name": "Ada"})
        assert "Hello, Ada" in client.text
"""
from .browser import Browser
from .client import AsyncClient, Client
from .inprocess import AppClient, AsyncAppClient, run_app, run_app_async, test_session_info
from .page import (AppError, Container, Download, Form, FormError, Input, Node, NotFoundError, Page, Popup,
                   Script, SessionClosed, TestClientError, Toast, WaitTimeout)

__all__ = [
    "run_app", "run_app_async", "AppClient", "AsyncAppClient", "connect", "Client",
    "AsyncClient", "Browser", "Page", "Node", "Container", "Form", "Input", "Popup", "Toast", "Download",
    "Script", "TestClientError", "NotFoundError", "FormError", "WaitTimeout", "AppError", "SessionClosed",
    "test_session_info", "workers", "Workers",
]


def __getattr__(name: str) -> object:
    if name == "connect":
        from .network import connect

        return connect
    if name in ("workers", "Workers"):
        from . import cluster

        return getattr(cluster, name)
    raise AttributeError(f"module 'webio.testing' has no attribute {name!r}")
