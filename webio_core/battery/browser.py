"""The page's URL query, localStorage and cookies, read and written from the app."""
from __future__ import annotations

from typing import Any, Optional

from ..session import eval_js, run_js
from ._session import require_thread_app

ALL_QUERY_JS = "Object.fromEntries(new URLSearchParams(window.location.search))"
QUERY_JS = "new URLSearchParams(window.location.search).get(name)"
SET_STORAGE_JS = "localStorage.setItem(key, value)"
GET_STORAGE_JS = "localStorage.getItem(key)"
REMOVE_STORAGE_JS = "localStorage.removeItem(key)"
CLEAR_STORAGE_JS = "localStorage.clear()"
# Names and values are URI-encoded (a ';' or '=' in them cannot add cookie attributes); the
# cookie belongs to the whole site (path=/), is not sent cross-site (SameSite=Lax) and, on an
# https page, only over https (Secure).
SET_COOKIE_JS = (
    "document.cookie = encodeURIComponent(key) + '=' + encodeURIComponent(value)"
    " + '; max-age=' + Math.round(days * 86400) + '; path=/; SameSite=Lax'"
    " + (location.protocol === 'https:' ? '; Secure' : '')"
)
GET_COOKIE_JS = (
    "(function () {"
    " var parts = document.cookie ? document.cookie.split('; ') : [];"
    " for (var i = 0; i < parts.length; i++) {"
    "  var at = parts[i].indexOf('='); var k = at < 0 ? parts[i] : parts[i].slice(0, at);"
    "  var v = at < 0 ? '' : parts[i].slice(at + 1);"
    "  try { k = decodeURIComponent(k); v = decodeURIComponent(v); } catch (e) {}"
    "  if (k === key) return v;"
    " }"
    " return null; })()"
)


def get_all_query() -> dict[str, str]:
    """The page URL's query parameters as a dict (``?a=1&b=x`` → ``{'a': '1', 'b': 'x'}``).

    Example: ``page = get_all_query().get("page", "1")``
    """
    require_thread_app("get_all_query")
    query = eval_js(ALL_QUERY_JS)
    return {str(k): str(v) for k, v in query.items()} if isinstance(query, dict) else {}


def get_query(name: str) -> Optional[str]:
    """One query parameter of the page URL, or None when it is absent.

    Example: ``user_id = get_query("id")``
    """
    require_thread_app("get_query")
    value = eval_js(QUERY_JS, name=str(name))
    return None if value is None else str(value)


def set_localstorage(key: str, value: str) -> None:
    """Keep ``value`` in the browser's localStorage (per site origin; survives reloads and restarts).

    Example: ``set_localstorage("theme", "dark")``
    """
    run_js(SET_STORAGE_JS, key=str(key), value=str(value))


def get_localstorage(key: str) -> Optional[str]:
    """The value kept under ``key`` in the browser's localStorage, or None.

    Example: ``theme = get_localstorage("theme") or "light"``
    """
    require_thread_app("get_localstorage")
    value: Any = eval_js(GET_STORAGE_JS, key=str(key))
    return None if value is None else str(value)


def remove_localstorage(key: str) -> None:
    """Remove ``key`` from the browser's localStorage.

    Example: ``remove_localstorage("theme")``
    """
    run_js(REMOVE_STORAGE_JS, key=str(key))


def clear_localstorage() -> None:
    """Remove every key this site keeps in the browser's localStorage.

    Example: ``clear_localstorage()``
    """
    run_js(CLEAR_STORAGE_JS)


def set_cookie(key: str, value: str, days: float = 7) -> None:
    """Set a browser cookie for the whole site that expires after ``days`` (``days=0`` deletes it).

    Example: ``set_cookie("visited", "yes", days=30)``
    """
    if isinstance(days, bool) or not isinstance(days, (int, float)) or days < 0:
        raise ValueError(f"set_cookie() days must be a number >= 0, got {days!r}")
    run_js(SET_COOKIE_JS, key=str(key), value=str(value), days=days)


def get_cookie(key: str) -> Optional[str]:
    """The value of the browser cookie ``key`` (not HttpOnly ones), or None.

    Example: ``if get_cookie("visited"): put_text("Welcome back")``
    """
    require_thread_app("get_cookie")
    value: Any = eval_js(GET_COOKIE_JS, key=str(key))
    return None if value is None else str(value)


def wait_scroll_to_bottom(threshold: float = 10, timeout: Optional[float] = None) -> bool:
    """Wait until the user scrolls to the page's bottom (within ``threshold`` px); False after ``timeout`` s.

    Example (endless list)::

        while wait_scroll_to_bottom():
            put_text("more\\n" * 20)
    """
    require_thread_app("wait_scroll_to_bottom")
    code = (
        "new Promise(function (resolve) {"
        " function near() { var doc = document.documentElement;"
        "  return window.scrollY + window.innerHeight >= doc.scrollHeight - threshold; }"
        " if (near()) { resolve(true); return; }"
        " function check() { if (near()) { window.removeEventListener('scroll', check); resolve(true); } }"
        " window.addEventListener('scroll', check, {passive: true});"
        " if (timeout) setTimeout(function () { window.removeEventListener('scroll', check); resolve(false); },"
        "  timeout * 1000); })"
    )
    return bool(eval_js(code, threshold=threshold, timeout=timeout))
