"""Serving the browser client's files (``webio.static``) from any plugin, offline."""
from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

from ..charts.libraries import library_file
from ..static import STATIC_PATH  # type: ignore[import-not-found, unused-ignore]
from .base import HttpResponse

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".map": "application/json; charset=utf-8", ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8"}


def static_root() -> Path:
    return Path(STATIC_PATH).resolve()


@lru_cache(maxsize=64)
def _read(name: str) -> tuple[bytes, str]:
    root = static_root()
    path = (root / name).resolve()
    if name.startswith("lib/"):  # chart libraries: only the allow-list of webio.charts
        path = _chart_library(name)
    elif root not in path.parents or not path.is_file():
        raise FileNotFoundError(name)
    content_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), content_type


def _chart_library(name: str) -> Path:
    path = library_file(name)
    if path is None:
        raise FileNotFoundError(name)
    return path


@lru_cache(maxsize=64)
def _read_gzipped(name: str) -> bytes:
    return gzip.compress(_read(name)[0], compresslevel=9, mtime=0)


def serve_static(name: str, versioned: bool, accept_encoding: str = "") -> HttpResponse:
    """The asset ``name`` under the client's dist folder; versioned URLs are cached for a year.

    Text assets go out gzipped (compressed once, kept in memory) to browsers that accept it:
    the client's JavaScript and CSS shrink to about a quarter.
    """
    try:
        body, content_type = _read(name)
    except (FileNotFoundError, OSError, ValueError):
        return HttpResponse(404, b"Not found", {"Content-Type": "text/plain; charset=utf-8"})
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    headers = {"Content-Type": content_type, "Cache-Control": cache, "X-Content-Type-Options": "nosniff",
               "Vary": "Accept-Encoding"}
    if "gzip" in accept_encoding.lower() and _compressible(content_type, body):
        headers["Content-Encoding"] = "gzip"
        return HttpResponse(200, _read_gzipped(name), headers)
    return HttpResponse(200, body, headers)


def _compressible(content_type: str, body: bytes) -> bool:
    return len(body) > 1024 and (content_type.startswith("text/") or "json" in content_type or "svg" in content_type)
