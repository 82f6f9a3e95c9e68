"""The HTML page of a webio app: a small shell that loads the browser client.

Example::

    from webio.page import render_page

    html = render_page(app_name="index", transport="websocket", title="My tool")

The page holds no content of its own: the client (``webio.js``) reads its settings from the
``<script id="webio-config" type="application/json">`` element, connects to the app's URL and draws
everything it is told. Every URL in the page is relative (``?_webio_static=NAME&v=HASH``), so an app
works under any mount point and behind a proxy; with ``cdn`` set, the client files come from there.

Everything that comes from the app (title, description, file URLs) is escaped; the config JSON has
``<``, ``>`` and ``&`` written as ``\\u003c`` etc. so no value can end the script element early.
``js_code`` and ``css_style`` are the app's own code and go in as they are, except that a closing
``</script`` / ``</style`` inside them is neutralised.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Optional
from urllib.parse import quote

from .version import __version__

__all__ = ["THEMES", "render_page", "render_index_page", "asset_url"]

#: The themes a page can use; "default" is plain Bootstrap.
THEMES = ("default", "dark", "sketchy", "minty", "yeti")

_THEME_FILES = {
    "default": "webio.css",
    "dark": "themes/dark.css",
    "sketchy": "themes/sketchy.css",
    "minty": "themes/minty.css",
    "yeti": "themes/yeti.css",
}
# The default look also comes built on Bootstrap's right-to-left CSS; Bootswatch themes are LTR only.
_RTL_FILE = "webio.rtl.css"
# Languages written right to left (the same set as static/src/i18n.ts).
_RTL_LANGS = ("fa",)
# The UI languages of the client (static/src/i18n.ts LABELS).
_CLIENT_LANGS = ("en", "zh", "ru", "de", "fa")


def browser_language(accept_language: Optional[str]) -> Optional[str]:
    """The client language a browser sending ``accept_language`` will most likely get: its most
    preferred tag (by q, then order) that the client has labels for, as the client picks it."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        base = re.split(r"[-_]", tag.strip().lower())[0]
        if base in _CLIENT_LANGS and quality > 0:
            ranked.append((-quality, position, base))
    return min(ranked)[2] if ranked else None

# A neutral page icon, inline so the browser does not ask the server for /favicon.ico.
_FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Crect width='16' height='16' rx='3' fill='%230d6efd'/%3E"
    "%3Cpath d='M4 5l3 3-3 3M8.5 11H12' stroke='%23fff' stroke-width='1.6' fill='none' "
    "stroke-linecap='round' stroke-linejoin='round'/%3E%3C/svg%3E"
)

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def _choose_theme(theme: Optional[str]) -> str:
    chosen = os.environ.get("WEBIO_THEME") or theme or "default"
    if chosen not in _THEME_FILES:
        raise ValueError(f"unknown theme {chosen!r}: use one of {', '.join(THEMES)}")
    return chosen


def _is_rtl(lang: Optional[str]) -> bool:
    return bool(lang) and re.split(r"[-_]", str(lang).lower())[0] in _RTL_LANGS


def asset_url(name: str, cdn: Optional[str] = None) -> str:
    """The URL of a client asset: relative ``?_webio_static=NAME&v=HASH``, or under ``cdn``."""
    if cdn:
        return (cdn if cdn.endswith("/") else cdn + "/") + name
    from .static import asset_version  # type: ignore[import-not-found, unused-ignore]

    return f"?_webio_static={name}&v={asset_version(name)}"


def _chart_libraries() -> object:
    from .charts.libraries import library_urls

    return library_urls()


def _neutralise(code: str, tag: str) -> str:
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


def render_page(*, app_name: str, transport: str,
                title: Optional[str] = None, description: Optional[str] = None,
                theme: Optional[str] = None,
                js_file: Sequence[str] = (), js_code: Optional[str] = None,
                css_file: Sequence[str] = (), css_style: Optional[str] = None,
                cdn: Optional[str] = None,
                reconnect_timeout: float = 0, http_poll_wait: float = 20, debug: bool = False,
                lang: Optional[str] = None, max_payload_size: int = 0,
                browser_lang: Optional[str] = None) -> str:
    """The HTML page of app ``app_name`` using ``transport`` ('websocket' or 'http').

    ``theme`` is one of :data:`THEMES` (the environment variable ``WEBIO_THEME`` wins);
    an unknown theme raises ValueError. ``lang`` forces the UI language of the client
    (otherwise it follows the browser's languages). ``max_payload_size`` (bytes; 0: unknown) lets
    the client refuse a larger event itself, before uploading it for nothing. ``browser_lang``
    (see :func:`browser_language`) only picks the stylesheet linked up front, so that a Persian
    browser gets the right-to-left one without a swap; the client still decides.
    """
    if transport not in ("websocket", "http"):
        raise ValueError(f"unknown transport {transport!r}: use 'websocket' or 'http'")
    chosen = _choose_theme(theme)
    # The client links the stylesheet for the direction of the language it picks (browser's or forced);
    # a forced right-to-left language gets its stylesheet in the page already, so nothing is swapped.
    direction = "rtl" if _is_rtl(lang or browser_lang) else "ltr"
    stylesheet, stylesheets = _stylesheets(chosen, direction, cdn)
    config = {
        "app": app_name, "transport": transport, "reconnect_timeout": reconnect_timeout,
        "http_poll_wait": http_poll_wait, "debug": debug, "version": __version__,
        "lang": lang, "theme": chosen, "stylesheets": stylesheets, "max_payload_size": max_payload_size,
    }
    config["libs"] = _chart_libraries()
    head = _head(title or app_name, description, stylesheet, _as_list(css_file), css_style)
    body = _body(config, cdn, _as_list(js_file), js_code)
    bs_theme = "dark" if chosen == "dark" else "light"
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang or "en")}" dir="{direction}" data-bs-theme="{bs_theme}" '
        f'data-webio-theme="{chosen}">\n<head>\n' + "\n".join(head) + "\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _as_list(files: Sequence[str]) -> list[str]:
    """``js_file``/``css_file`` as a list (one URL may come as a plain string)."""
    return [files] if isinstance(files, str) else list(files)


def _stylesheets(theme: str, direction: str, cdn: Optional[str]) -> tuple[str, Optional[dict[str, str]]]:
    """The stylesheet linked up front, and the client's choice per direction (default theme only)."""
    stylesheet = asset_url(_THEME_FILES[theme], cdn)
    if theme != "default":
        return stylesheet, None
    stylesheets = {"ltr": stylesheet, "rtl": asset_url(_RTL_FILE, cdn)}
    return stylesheets[direction], stylesheets


def _head(title: str, description: Optional[str], stylesheet: str, css_file: list[str],
          css_style: Optional[str]) -> list[str]:
    """The ``<head>`` elements: title, description, icon, the stylesheets and the app's own CSS."""
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
    ]
    if description:
        head.append(f'<meta name="description" content="{escape(description)}">')
    head.append(f'<link rel="icon" href="{_FAVICON}">')
    head.append(f'<link rel="stylesheet" id="webio-stylesheet" href="{escape(stylesheet)}">')
    head += [f'<link rel="stylesheet" href="{escape(url)}">' for url in css_file]
    if css_style:
        head.append(f"<style>{_neutralise(css_style, 'style')}</style>")
    return head


def _body(config: dict[str, object], cdn: Optional[str], js_file: list[str], js_code: Optional[str]) -> list[str]:
    """The ``<body>`` elements: the root scope, the client's config and script, the app's own JS."""
    body = [
        '<main id="webio-main"><div id="webio-scope-ROOT" class="webio-scope"></div></main>',
        '<div id="webio-input-container"></div>',
        "<noscript>This app needs JavaScript. Please enable it and reload the page.</noscript>",
        f'<script id="webio-config" type="application/json">{_script_json(config)}</script>',
        f'<script src="{escape(asset_url("webio.js", cdn))}"></script>',
    ]
    body += [f'<script src="{escape(url)}"></script>' for url in js_file]
    if js_code:
        body.append(f"<script>{_neutralise(js_code, 'script')}</script>")
    return body


def render_index_page(apps: Mapping[str, str], *, title: str = "webio apps", theme: Optional[str] = None,
                      cdn: Optional[str] = None) -> str:
    """A static page listing apps (name → description) as links to ``?app=NAME``.

    Needs no session: for an index of several apps when no app is named ``index``.
    """
    chosen = _choose_theme(theme)
    items = "\n".join(
        f'<li class="list-group-item"><a href="?app={escape(quote(name))}">{escape(name)}</a>'
        + (f'<div class="text-body-secondary small">{escape(desc)}</div>' if desc else "") + "</li>"
        for name, desc in sorted(apps.items())
    )
    bs_theme = "dark" if chosen == "dark" else "light"
    return (
        f'<!DOCTYPE html>\n<html lang="en" data-bs-theme="{bs_theme}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<link rel=\"icon\" href=\"{_FAVICON}\">\n"
        f'<link rel="stylesheet" href="{escape(asset_url(_THEME_FILES[chosen], cdn))}">\n</head>\n<body>\n'
        f'<main id="webio-main"><h1 class="h3 mb-3">{escape(title)}</h1>\n<ul class="list-group">\n{items}\n</ul></main>\n'
        "</body>\n</html>\n"
    )
