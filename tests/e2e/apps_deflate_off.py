"""The app of apps_deflate.py on a server with websocket_compression=False."""

from __future__ import annotations

from .apps_deflate import APPS

SERVER_OPTIONS = {"websocket_compression": False}
__all__ = ["APPS", "SERVER_OPTIONS"]
