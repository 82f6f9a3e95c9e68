"""MkDocs hook: ``<!-- gallery: SECTION -->`` in a page becomes one part per gallery example of
that section: the function's summary, its example file (included by pymdownx.snippets) and the
pictures the test suite took of it (tests/docs), light or dark as the reader's theme.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any

from webio.gallery import examples

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
