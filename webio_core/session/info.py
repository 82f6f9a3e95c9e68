"""``webio.session.info``: what the server knows about the browser of a session."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


def parse_user_agent(ua_string: str) -> Any:
    """Parse a User-Agent header with the user-agents library (attributes as manual §4.4)."""
    from user_agents import parse

    return parse(ua_string or "")


def first_language(accept_language: str) -> str:
    """The first language of an Accept-Language header ('zh-CN,zh;q=0.9' → 'zh-CN')."""
    for part in (accept_language or "").split(","):
        lang = part.split(";")[0].strip()
        if lang and lang != "*":
            return lang
    return ""


@dataclass
class SessionInfo:
    """Attributes of manual §4.4 ``info``; ``request`` is the framework's own request object.

    ``user_agent`` is parsed on first use: the parser costs ~0.5 s to load, which no session
    should pay unless the app asks for it.
    """

    user_agent_string: str = ""
    user_language: str = ""
    server_host: str = ""
    origin: str = ""
    user_ip: str = ""
    backend: str = ""
    protocol: str = ""
    request: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def user_agent(self) -> Any:
        parsed = self.extra.get("_user_agent")
        if parsed is None:
            parsed = self.extra["_user_agent"] = parse_user_agent(self.user_agent_string)
        return parsed

    @user_agent.setter
    def user_agent(self, value: Any) -> None:
        self.extra["_user_agent"] = value

    @property
    def user(self) -> Any:
        """The host framework's logged-in user (Django, Flask-Login, Starlette), None when anonymous."""
        if "_user" not in self.extra:
            from .user import request_user

            self.extra["_user"] = request_user(self.request)
        return self.extra["_user"]

    @user.setter
    def user(self, value: Any) -> None:
        self.extra["_user"] = value

    @classmethod
    def from_headers(cls, headers: Any, *, user_ip: str = "", backend: str = "", protocol: str = "",
                     request: Any = None, server_host: Optional[str] = None) -> "SessionInfo":
        """Build the info from request headers (any mapping with case-insensitive ``get``)."""
        host = server_host if server_host is not None else (headers.get("Host") or "")
        info = cls(
            user_agent_string=headers.get("User-Agent") or "",
            user_language=first_language(headers.get("Accept-Language") or ""),
            server_host=host,
            origin=headers.get("Origin") or "",
            user_ip=user_ip,
            backend=backend,
            protocol=protocol,
            request=request,
        )
        from .user import flask_user, is_flask_request

        if is_flask_request(request):  # Flask-Login's user is only readable inside the request
            info.user = flask_user()
        return info

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"session info has no attribute {name!r}; available: user_agent, user_language, server_host, "
            "origin, user_ip, backend, protocol, request, user"
        )
