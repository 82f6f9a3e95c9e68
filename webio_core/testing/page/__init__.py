"""``webio.testing.page``: the page model of the test client.

It applies the commands of docs/protocol.md exactly as the browser client does and exposes what a
user sees. It does no I/O: the clients of ``webio.testing`` feed it frames and send its answers.

Example::

    from webio.testing.page import Page

    page = Page()
    page.apply({"command": "output", "task_id": None,
                "spec": {"type": "text", "content": "hello", "scope": "#webio-scope-ROOT", "position": -1}})
    assert page.text == "hello"
"""
from .errors import AppError, FormError, NotFoundError, SessionClosed, TestClientError, WaitTimeout
from .form import Form, Input, Option
from .model import Download, Page, Popup, Script, Toast
from .nodes import Container, Node

__all__ = ["Page", "Node", "Container", "Form", "Input", "Option", "Popup", "Toast", "Download", "Script",
           "TestClientError", "NotFoundError", "FormError", "WaitTimeout", "AppError", "SessionClosed"]
