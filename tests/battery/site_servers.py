"""Small sites with their own login, serving webio apps that read ``session.info.user``.

``python -m tests.battery.site_servers flask|starlette PORT`` (started by test_frameworks.py).
Flask: Flask-Login, ``/login/<name>`` logs in. Starlette: AuthenticationMiddleware with a backend
that trusts a ``demo_user`` cookie (a test stand-in for a real session backend).
"""
from __future__ import annotations

import sys
from typing import Any, Optional

from webio.battery import login_required
from webio.output import put_text
from webio.session import info


def who() -> None:
    user = info.user
    put_text(f"user: {None if user is None else getattr(user, 'username', None) or user.id}")


@login_required(login_url="/login-page")
def members() -> None:
    put_text("members only")


APPS = {"who": who, "members": members}


def flask_site() -> Any:
    import flask
    import flask_login

    from webio.flask import webio_view

    class User(flask_login.UserMixin):
        def __init__(self, user_id: str) -> None:
            self.id = user_id

    site = flask.Flask(__name__)
    site.secret_key = "flask-test-secret-key"
    manager = flask_login.LoginManager(site)
    manager.user_loader(lambda user_id: User(user_id) if user_id in ("ada", "grace") else None)

    @site.route("/login-page")
    def login_page() -> str:
        return "the site's login page"

    @site.route("/login/<name>")
    def log_in(name: str) -> str:
        flask_login.login_user(User(name))
        return "logged in"

    site.add_url_rule("/tool", "webio", webio_view(APPS), methods=["GET", "POST", "OPTIONS"])
    return site


def starlette_site(transport: str) -> Any:
    from starlette.applications import Starlette
    from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware
    from starlette.requests import HTTPConnection
    from starlette.routing import Mount

    from webio.starlette import webio_routes

    class CookieBackend(AuthenticationBackend):
        async def authenticate(self, conn: HTTPConnection) -> Optional[tuple[AuthCredentials, SimpleUser]]:
            name = conn.cookies.get("demo_user")
            return (AuthCredentials(["authenticated"]), SimpleUser(name)) if name else None

    return Starlette(routes=[Mount("/tool", routes=webio_routes(APPS, transport=transport))],
                     middleware=[Middleware(AuthenticationMiddleware, backend=CookieBackend())])


def main() -> None:
    kind, port = sys.argv[1], int(sys.argv[2])
    if kind == "flask":
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", port, flask_site(), threaded=True)
    else:
        import uvicorn

        uvicorn.run(starlette_site(sys.argv[3]), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
