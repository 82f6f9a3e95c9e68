"""The documentation site as a reader gets it: built with ``mkdocs build --strict``, every public
name of the documented modules has its entry in the API reference, every local link and picture
of every page leads to a file, and no page loads anything from another site."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ("webio", "webio.input", "webio.output", "webio.pin", "webio.session", "webio.testing", "webio.platform",
             "webio.flask", "webio.django", "webio.starlette", "webio.tornado", "webio.aiohttp", "webio.metrics",
             "webio.battery", "webio.bus", "webio.transport", "webio.charts", "webio.gallery", "webio.utils")
# Names the reference describes by hand: attributes of webio.session that share their name with a
# submodule, and two plain values of webio.
BY_HAND = {"webio.session": {"local", "info"}, "webio": {"STATIC_PATH", "__version__"}}
LINK = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    yield out


def where_it_lives(obj: object) -> str:
    """The dotted path of a function, class or module where it is defined."""
    if inspect.ismodule(obj):
        return obj.__name__
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"


def test_every_public_name_is_in_the_reference(site: Path) -> None:
    """Each name of a documented module's __all__ has an entry, under its own name or (for names
    loaded on first use) where it is defined."""
    ids = set()
    for page in (site / "reference").rglob("index.html"):
        ids.update(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))
    missing = []
    for module_name in REFERENCE:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if name in BY_HAND.get(module_name, set()):
                continue
            if f"{module_name}.{name}" not in ids and where_it_lives(getattr(module, name)) not in ids:
                missing.append(f"{module_name}.{name}")
    assert missing == []


def test_every_local_link_and_picture_resolves(site: Path) -> None:
    broken = []
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")  # 404 links from the site root
    assert len(pages) > 25
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "mailto:", "//")) or not parts.path:
                continue
            resolved = (page.parent / unquote(parts.path)).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    assert broken == []


def test_pages_load_nothing_from_other_sites(site: Path) -> None:
    remote = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//[^"]+"')
    for page in site.rglob("*.html"):
        assert remote.findall(page.read_text(encoding="utf-8")) == [], page.relative_to(site)


def test_reference_shows_the_pictures(site: Path) -> None:
    html = (site / "reference" / "output" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../images/put_table.png#only-light"' in html
    assert 'src="../../images/put_table-dark.png#only-dark"' in html


def test_every_page_has_one_title() -> None:
    """A second ``# Title`` on a page drops its sections from the page's table of contents (a reader
    of Operations would not find Metrics): one title per page, sections below it."""
    extra = {}
    for page in (ROOT / "docs").rglob("*.md"):
        fenced, titles = False, []
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                fenced = not fenced
            elif not fenced and line.startswith("# "):
                titles.append(line)
        if len(titles) != 1:
            extra[str(page.relative_to(ROOT))] = titles
    assert extra == {}
