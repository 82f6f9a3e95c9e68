"""Chart HTML made to load its libraries from this server instead of a CDN.

``put_html`` passes unsanitized HTML through :func:`localize_html`: a ``<script src>`` of a known
CDN copy of a listed library, or plotly.js pasted inline (plotly.py 6+ does that for
``include_plotlyjs="require"`` or ``True``), becomes ``<script data-webio-lib="NAME"></script>``,
which the page's loader fetches once from this server. pyg2plot's page-wide style rules are kept to
its own container, and a chart sits in a box that scrolls sideways when the screen is narrower than
the chart. Everything else is left as it is.
"""
from __future__ import annotations

import re

from .libraries import library_urls

__all__ = ["localize_html"]

# Known CDN file names of the listed libraries (any host): the library each one is.
_CDN_FILES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/plotly(?:-(?:latest|\d[\w.-]*))?(?:\.min)?\.js$"), "plotly"),
    (re.compile(r"/bokeh-(gl|widgets|tables|mathjax)-\d[\w.-]*?(?:\.min)?\.js$"), "bokeh-{}"),
    (re.compile(r"/bokeh-\d[\w.-]*?(?:\.min)?\.js$"), "bokeh"),
    (re.compile(r"/echarts(?:\.min)?\.js$"), "echarts"),
    (re.compile(r"/chart\.xkcd(?:\.min)?\.js$"), "chartXkcd"),
    (re.compile(r"/g2plot(?:\.min)?\.js$"), "G2Plot"),
)
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["'](https?:)?//([^"']+)["'][^>]*>\s*</script\s*>""",
                         re.IGNORECASE)
_PLOTLY_INLINE = re.compile(r"<script\b[^>]*>\s*/\*\*?\s*\*?\s*plotly\.js v\d", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_USES_LIBRARY = re.compile(r"data-webio-lib=|\brequire\(\s*\[")
# Charts have fixed widths (pyecharts 900 px): on a narrow screen they scroll inside their own box
# instead of widening the whole page.
_CHART_BOX = '<div class="webio-chart" style="max-width:100%;overflow-x:auto">'
# pyg2plot's notebook HTML styles the whole page (every element's margins, a body that cannot scroll):
# in a webio page only its own container keeps the rule.
_G2PLOT_PAGE_RULES = re.compile(r"\*\s*\{\s*margin:\s*0;\s*padding:\s*0;\s*box-sizing:\s*border-box;\s*\}"
                                r"(\s*)html,\s*body,\s*(div\.pyg2plot-plot-container)")


def _lib_tag(name: str) -> str:
    return f'<script data-webio-lib="{name}"></script>'


def _cdn_library(url: str) -> str | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern, name in _CDN_FILES:
        match = pattern.search(path)
        if match:
            return name.format(*match.groups())
    return None


def _replace_src(match: re.Match[str]) -> str:
    name = _cdn_library(match.group(2))
    return _lib_tag(name) if name and name in library_urls() else match.group(0)


def _replace_inline_plotly(html: str) -> str:
    if "plotly" not in library_urls():
        return html
    out: list[str] = []
    position = 0
    for match in _PLOTLY_INLINE.finditer(html):
        if match.start() < position:
            continue
        end = _SCRIPT_END.search(html, match.end())
        if end is None:
            break
        out += [html[position:match.start()], _lib_tag("plotly")]
        position = end.end()
    return "".join(out) + html[position:]


def localize_html(html: str) -> str:
    """``html`` with CDN and inline copies of listed chart libraries replaced by local loads.

    A chart (HTML that loads a library) is put in a box that scrolls sideways on a narrow screen.

    >>> localize_html('<script src="https://cdn.plot.ly/plotly-2.35.2.min.js"></script>')[-47:]
    '<script data-webio-lib="plotly"></script></div>'
    """
    if "<script" not in html and "<SCRIPT" not in html:
        return html
    if "plotly.js v" in html:
        html = _replace_inline_plotly(html)
    if "pyg2plot-plot-container" in html:
        html = _G2PLOT_PAGE_RULES.sub(r"\1\2", html, count=1)
    html = _SCRIPT_SRC.sub(_replace_src, html)
    return f"{_CHART_BOX}{html}</div>" if _USES_LIBRARY.search(html) else html
