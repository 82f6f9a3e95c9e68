"""Liveness and readiness answers, served by every plugin at the app's own URL.

``GET E?_webio=health`` answers 200 ``{"status": "ok", "sessions": N}`` while the process serves
requests (liveness). ``GET E?_webio=ready`` answers 200 ``{"status": "ready", ...}``, or 503
``{"status": "draining", ...}`` once the endpoint started closing, so a load balancer stops sending
new tabs here before the process ends, or 503 ``{"status": "unavailable", ...}`` while the session
registry's ``ready()`` says no (e.g. a routing registry whose message bus is unreachable). See docs/operations.md.

Example::

    health_answer("ready", sessions=3, draining=True).status   # 503
"""
from __future__ import annotations

from typing import Optional

from .base import HttpRequest, HttpResponse
from .policy import json_response

__all__ = ["HEALTH_CHECKS", "health_check_of", "health_answer"]

# The values of ``?_webio=`` that ask for a health answer (``?_webio=http`` is the HTTP transport).
HEALTH_CHECKS = ("health", "ready")


def health_check_of(request: HttpRequest, param: str) -> Optional[str]:
    """``'health'`` or ``'ready'`` when ``request`` is a GET/HEAD probe (``?{param}=health``), else None."""
    check = request.query.get(param)
    if check in HEALTH_CHECKS and request.method in ("GET", "HEAD"):
        return check
    return None


def health_answer(check: str, sessions: int, draining: bool, ready: bool = True) -> HttpResponse:
    """The JSON answer to a liveness (``'health'``) or readiness (``'ready'``) probe."""
    if check == "ready":
        status = "draining" if draining else "ready" if ready else "unavailable"
        return json_response({"status": status, "sessions": sessions}, 200 if status == "ready" else 503)
    return json_response({"status": "ok", "sessions": sessions, "draining": draining})
