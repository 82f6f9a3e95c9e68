"""``session.info.user``: the host framework's logged-in user, read from the request that opened the session.

Django: ``request.user`` (AuthenticationMiddleware; under Channels, ``AuthMiddlewareStack``).
Flask: Flask-Login's ``current_user``. Starlette / FastAPI: ``request.user`` (AuthenticationMiddleware).
Anonymous users and requests without authentication give None.
"""
from __future__ import annotations

import logging
import sys
from typing import Any, Optional

logger = logging.getLogger("webio.session")


def _authenticated(user: Any) -> Optional[Any]:
    if user is None:
        return None
    try:
        return user if getattr(user, "is_authenticated", False) else None
    except Exception:  # noqa: BLE001 (a lazy user object that cannot load here, e.g. no DB in an async context)
        logger.debug("could not read the framework's user", exc_info=True)
        return None


def is_flask_request(request: Any) -> bool:
    """Flask-Login's user lives in the request context: read it while the request is handled."""
    return type(request).__module__.startswith(("flask.", "werkzeug."))


def flask_user() -> Optional[Any]:
    flask_login = sys.modules.get("flask_login")
    if flask_login is None:
        return None
    import flask

    if not flask.has_request_context() or getattr(flask.current_app, "login_manager", None) is None:
        return None
    return _authenticated(flask_login.current_user._get_current_object())


def request_user(request: Any) -> Optional[Any]:
    """The logged-in user of ``request`` (a Django, Flask or Starlette request), or None."""
    if request is None:
        return None
    if is_flask_request(request):
        return flask_user()
    module = type(request).__module__
    if module.startswith("starlette."):
        scope = getattr(request, "scope", None) or {}
        return _authenticated(scope.get("user")) if "user" in scope else None
    if module.startswith("django."):
        return _authenticated(getattr(request, "user", None))
    return None
