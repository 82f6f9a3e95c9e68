"""The webio apps of the test project; importing this module does not touch Django settings."""
from __future__ import annotations

from tests.conformance.apps.scenario_apps import echo, echo_async
from webio.input import input
from webio.output import put_text
from webio.session import info, run_js


def greet() -> None:
    name = input("Your name")
    put_text(f"Hello, {name} from {info.backend}")


def whoami() -> None:
    """Report what the app sees of the Django request (user, class, transport)."""
    request = info.request
    run_js("whoami", user=request.user.username, authenticated=request.user.is_authenticated,
           request_class=type(request).__name__, protocol=info.protocol, backend=info.backend, ip=info.user_ip)


APPS = {"index": echo, "echo": echo, "echo_async": echo_async, "greet": greet}
