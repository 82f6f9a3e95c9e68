"""Login that survives a reload: the username, HMAC-signed, kept in the browser's localStorage."""
from __future__ import annotations

from typing import Callable, Optional

from ..input import PASSWORD, input, input_group  # noqa: A004 (webio's input(), as documented)
from ..output import toast
from ..session import run_js
from ._session import require_thread_app
from .browser import REMOVE_STORAGE_JS, get_localstorage, set_localstorage
from .tokens import Secret, secret_bytes, sign_token, verify_token

TOKEN_NAME = "webio_auth_token"


def _stored_user(secret: Secret, expire_days: float, token_name: str) -> Optional[str]:
    return verify_token(secret, token_name, get_localstorage(token_name), expire_days)


def _remember(secret: Secret, token_name: str, username: str) -> None:
    set_localstorage(token_name, sign_token(secret, token_name, username))


def custom_auth(login_func: Callable[[], Optional[str]], secret: Secret = None, expire_days: float = 7,
                token_name: str = TOKEN_NAME) -> str:
    """The logged-in username: from the browser's signed token, else ``login_func()`` (repeated until it
    returns a username), remembered for ``expire_days``.

    Example::

        user = custom_auth(lambda: input("Invitation code") == "42" and "guest", secret=SECRET)
    """
    require_thread_app("custom_auth")
    secret_bytes(secret)  # a bad secret fails before the browser is asked anything
    username = _stored_user(secret, expire_days, token_name)
    while not username:
        result = login_func()
        if result:
            username = str(result)
            _remember(secret, token_name, username)
        else:
            toast("Authentication failed", color="error")
    return username


def basic_auth(verify_func: Callable[[str, str], bool], secret: Secret = None, expire_days: float = 7,
               token_name: str = TOKEN_NAME) -> str:
    """The logged-in username: from the browser's signed token, else a username/password form checked by
    ``verify_func(username, password)``; a reload within ``expire_days`` stays logged in.

    Example::

        user = basic_auth(lambda u, p: u == "admin" and check_password(p), secret=os.environ["APP_SECRET"])
        put_text(f"Hello, {user}")
    """
    def ask() -> Optional[str]:
        last = ""
        while True:
            form = input_group("Login", [
                input("Username", name="username", required=True, value=last),  # kept after a failed try
                input("Password", type=PASSWORD, name="password", required=True),
            ])
            if verify_func(form["username"], form["password"]):
                return str(form["username"])
            last = form["username"]
            toast("Username or password is incorrect", color="error")

    return custom_auth(ask, secret, expire_days, token_name)


def revoke_auth(token_name: str = TOKEN_NAME) -> None:
    """Log the user out: forget the browser's token (the next visit shows the login form again).

    Example: ``put_button("Log out", onclick=lambda: [revoke_auth(), run_js("location.reload()")])``
    """
    run_js(REMOVE_STORAGE_JS, key=str(token_name))


login = basic_auth
"""``login(verify_func, secret=None, expire_days=7, token_name=...)``: another name of ``basic_auth``."""
