"""Apps of the battery (webio.battery), served for tests/e2e/test_battery.py."""

from __future__ import annotations

import sys

from webio.battery import (basic_auth, confirm, get_all_query, get_cookie, get_localstorage, get_query, logbox_append,
                           popup_input, put_logbox, redirect_stdout, revoke_auth, run_shell, set_cookie,
                           set_localstorage)
from webio.input import PASSWORD, input
from webio.output import put_button, put_text
from webio.pin import put_input
from webio.session import run_js

SECRET = "e2e-secret-0123456789abcdef"


def login() -> None:
    user = basic_auth(lambda u, p: u == "ada" and p == "lovelace", secret=SECRET, expire_days=1)
    put_text(f"Hello, {user}")
    put_button("Log out", onclick=lambda: [revoke_auth(), run_js("location.reload()")])


def storage() -> None:
    put_text("stored:", get_localstorage("color"), "cookie:", get_cookie("flavour"))
    color = input("Favourite colour")
    set_localstorage("color", color)
    set_cookie("flavour", f"{color}; path=/x=y", days=1)
    put_text("saved")


def query() -> None:
    put_text("all:", sorted(get_all_query().items()), "q:", get_query("q"), "none:", get_query("none"))


def dialogs() -> None:
    put_text("confirmed:", confirm("Delete file", "Are you <b>sure</b>?"))
    form = popup_input([put_input("user", label="User"), put_input("pw", type=PASSWORD, label="Password")],
                       "Sign up", validate=lambda f: ("pw", "too short") if len(f["pw"]) < 4 else None)
    put_text("form:", form)


def shell() -> None:
    put_logbox("log", height=100)
    code = run_shell(f"{sys.executable} -c \"import time\nfor i in range(40): print('line', i, flush=True)\"",
                     output_func=lambda line: logbox_append("log", line))
    with redirect_stdout(lambda text: logbox_append("log", text)):
        print("printed <i>after</i>, exit code", code)
    put_text("done")


APPS = {"login": login, "storage": storage, "query": query, "dialogs": dialogs, "shell": shell}
