"""The webio apps of the test project; importing this module does not touch Django settings."""
from __future__ import annotations

from tests.conformance.apps.echo_app import APPS as ECHO_APPS
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


APPS = {**ECHO_APPS, "greet": greet}
