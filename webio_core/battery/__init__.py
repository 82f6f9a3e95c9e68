"""``webio.battery``: ready-made helpers for common app needs (PyWebIO's ``pywebio_battery``, manual §4.11).

Also importable as ``webio_battery``. Example::

    from webio.battery import confirm, basic_auth, put_logbox, logbox_append, run_shell

    def app():
        user = basic_auth(lambda u, p: u == "admin" and p == "s3cret!", secret=SECRET)
        if confirm("List files?", f"Logged in as {user}"):
            put_logbox("log")
            run_shell("ls -l", output_func=lambda line: logbox_append("log", line))
"""
from .auth import basic_auth, custom_auth, login, revoke_auth
from .browser import (clear_localstorage, get_all_query, get_cookie, get_localstorage, get_query, remove_localstorage,
                      set_cookie, set_localstorage, wait_scroll_to_bottom)
from .console import redirect_stdout, run_shell
from .dialogs import confirm, popup_input
from .files import file_picker
from .logbox import logbox_append, logbox_clear, put_logbox
from .media import put_audio, put_video
from .site_login import login_required

__all__ = [
    # interaction
    "confirm", "popup_input", "redirect_stdout", "run_shell", "put_logbox", "logbox_append", "logbox_clear",
    "put_video", "put_audio", "wait_scroll_to_bottom", "file_picker",
    # web application
    "get_all_query", "get_query", "set_localstorage", "get_localstorage", "clear_localstorage",
    "remove_localstorage", "set_cookie", "get_cookie", "basic_auth", "custom_auth", "revoke_auth", "login",
    "login_required",
]
