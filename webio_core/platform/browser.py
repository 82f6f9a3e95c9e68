"""Telling the user where the app is: print its URL and, when asked and possible, open a browser tab."""
from __future__ import annotations

import logging
import os
import sys
import threading
import webbrowser

logger = logging.getLogger("webio.server")


def warn_remote_access(remote_access: bool, log: logging.Logger = logger) -> None:
    """PyWebIO's ``remote_access=True`` (a public tunnel) is not offered: say how to share the app instead.

    Example: ``warn_remote_access(remote_access, logger)`` at the start of a ``start_server``.
    """
    if remote_access:
        log.warning("remote_access=True is not supported by webio; to share the app, run it on a host "
                    "others can reach (host='0.0.0.0') or behind a reverse proxy or tunnel of your choice")


def can_open_browser() -> bool:
    """False when ``WEBIO_NO_BROWSER=1`` or on a Linux/BSD machine without a graphical display."""
    if os.environ.get("WEBIO_NO_BROWSER", "").strip() not in ("", "0"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_browser(url: str) -> bool:
    """Open ``url`` in a new tab, without blocking; False if no browser can be opened here."""
    if not can_open_browser():
        return False

    def run() -> None:
        try:
            webbrowser.open_new_tab(url)
        except Exception as exc:  # a missing browser must not stop the server
            logger.info("could not open a browser (%s); open %s yourself", exc, url)

    threading.Thread(target=run, name="webio-open-browser", daemon=True).start()
    return True


def announce(url: str, auto_open_webbrowser: bool = False) -> None:
    """Print the app's URL (flushed, so wrappers reading stdout see it at once) and maybe open it."""
    print(f"webio: serving on {url}", flush=True)
    logger.info("serving on %s", url)
    if auto_open_webbrowser:
        open_browser(url)
