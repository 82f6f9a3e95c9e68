"""Transports and the framework-independent endpoint that every plugin wraps."""
from .base import CaseInsensitiveHeaders, HttpRequest, HttpResponse, WebSocketPeer
from .endpoint import WebioEndpoint
from .settings import EndpointSettings, endpoint_kwargs

__all__ = ["CaseInsensitiveHeaders", "HttpRequest", "HttpResponse", "WebSocketPeer", "EndpointSettings",
           "WebioEndpoint", "endpoint_kwargs"]
