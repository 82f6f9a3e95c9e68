"""``login_required``: run an app only for a user logged in to the host site (Django, Flask-Login, Starlette)."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, TypeVar, overload

from ..output import put_link, put_text
from ..session import info, run_js

F = TypeVar("F", bound=Callable[..., Any])

# Sends the browser to the login page with the current path and query as `next` (relative: the
# login page stays on this site, and Django / Flask-Login send the user back there).
REDIRECT_JS = (
    "var target = new URL(login_url, window.location.href);"
    " target.searchParams.set(next_name, window.location.pathname + window.location.search);"
    " window.location.replace(target.href);"
)


def default_login_url() -> Optional[str]:
    """Django's ``settings.LOGIN_URL`` when the session runs behind Django, else None."""
    if info.backend == "django":
        from django.conf import settings
        from django.shortcuts import resolve_url

        return str(resolve_url(settings.LOGIN_URL))
    return None


def _send_to_login(login_url: Optional[str], next_name: str) -> None:
    url = login_url or default_login_url()
    if not url:
        raise ValueError("login_required needs login_url=... (the site's login page, e.g. '/login') "
                         f"on the {info.backend or 'current'} backend; only Django has a default (settings.LOGIN_URL)")
    put_text("Please log in to continue:", inline=True)
    put_link(" log in", url)
    run_js(REDIRECT_JS, login_url=url, next_name=next_name)


@overload
def login_required(app: F) -> F: ...
@overload
def login_required(app: None = None, *, login_url: Optional[str] = None,
                   next_name: str = "next") -> Callable[[F], F]: ...


def login_required(app: Optional[F] = None, *, login_url: Optional[str] = None, next_name: str = "next") -> Any:
    """Run the app only when ``session.info.user`` is a logged-in user of the host framework; otherwise
    send the browser to the site's login page (``?next=`` brings the user back).

    Example::

        @login_required(login_url="/accounts/login/")
        def dashboard():
            put_text(f"Hello {session.info.user.username}")
    """
    def decorate(func: F) -> F:
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_app(*args: Any, **kwargs: Any) -> Any:
                if info.user is None:
                    _send_to_login(login_url, next_name)
                    return None
                return await func(*args, **kwargs)

            return async_app  # type: ignore[return-value]

        @functools.wraps(func)
        def thread_app(*args: Any, **kwargs: Any) -> Any:
            if info.user is None:
                _send_to_login(login_url, next_name)
                return None
            return func(*args, **kwargs)

        return thread_app  # type: ignore[return-value]

    return decorate(app) if app is not None else decorate
