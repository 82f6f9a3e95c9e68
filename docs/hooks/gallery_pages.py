"""MkDocs hook: ``<!-- gallery: SECTION -->`` in a page becomes one part per gallery example of
that section: the function's summary, its example file (included by pymdownx.snippets) and the
pictures the test suite took of it (tests/docs), light or dark as the reader's theme.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any

from webio.gallery import examples

# The guide page that shows each gallery section (its ``<!-- gallery: SECTION -->`` marker).
GUIDE_PAGES = {"Output": "guide/output/", "Notices": "guide/output/", "Layout and scopes": "guide/layout/",
               "Input": "guide/input/", "Pin widgets": "guide/pin/"}
MARKER = re.compile(r"<!--\s*gallery:\s*(.+?)\s*-->")


def example_parts(section: str, page_path: str) -> str:
    """The Markdown of every example of ``section``, for the page at ``page_path`` (docs-relative)."""
    items = [item for item in examples() if item.section == section]
    if not items:
        raise ValueError(f"no gallery section {section!r} (see webio_core/gallery/catalog.py)")
    images = posixpath.relpath("images", posixpath.dirname(page_path) or ".")
    parts = []
    for item in items:
        parts.append(
            f"### {item.name}\n\n"
            f"[`{item.module}.{item.name}`][{item.module}.{item.name}]: {item.summary}\n\n"
            f'```python title="{item.name}.py"\n--8<-- "{item.name}.py"\n```\n\n'
            f"![What {item.name} shows]({images}/{item.name}.png#only-light)\n"
            f"![What {item.name} shows, dark theme]({images}/{item.name}-dark.png#only-dark)\n"
        )
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    return MARKER.sub(lambda found: example_parts(found.group(1), page.file.src_uri), markdown)


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """In the API reference, each function with an example shows its picture under its heading."""
    if not page.file.src_uri.startswith("reference/"):
        return html
    base = page.url.rstrip("/") if page.url.endswith("/") else posixpath.dirname(page.url)  # the page's folder
    images = posixpath.relpath("images", base or ".")
    for item in examples():
        heading = re.search(rf'<h([2-6]) id="{re.escape(item.module)}\.{re.escape(item.name)}"[^>]*>.*?</h\1>', html, re.DOTALL)
        if heading is None:
            continue
        guide = posixpath.relpath(GUIDE_PAGES[item.section], base or ".")
        picture = (f'<p><img alt="What {item.name} shows" src="{images}/{item.name}.png#only-light" loading="lazy">'
                   f'<img alt="What {item.name} shows, dark theme" src="{images}/{item.name}-dark.png#only-dark" '
                   f'loading="lazy"><br><small>Shown by <a href="{guide}/#{item.name}">the gallery example</a>.'
                   '</small></p>')
        html = html[:heading.end()] + picture + html[heading.end():]
    return html
