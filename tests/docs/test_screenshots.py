"""The pictures of the documentation: each gallery example run on a real webio server, shown by
headless Chromium in the default and the dark theme, and compared with docs/images/.

A picture that differs materially from the committed one fails the test; after a deliberate
change of what a function shows, rewrite them with ``WEBIO_UPDATE_SCREENSHOTS=1 pytest tests/docs``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from PIL import Image

from webio.gallery import examples

from .conftest import THEMES
from .shots import ROOT, difference, image_path, open_example, save, screenshot

UPDATE = os.environ.get("WEBIO_UPDATE_SCREENSHOTS") == "1"
FRESH = ROOT / "build" / "screenshots"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("item", examples(), ids=lambda item: item.name)
def test_picture_is_current(item: Any, theme: str, page: Any, gallery_urls: dict[str, str],
                            console_errors: list[str]) -> None:
    fresh = screenshot(open_example(page, gallery_urls[theme], item))
    assert fresh.width > 20 and fresh.height > 10, f"{item.name} shows nothing ({fresh.size})"
    path = image_path(item, theme)
    if UPDATE or not path.exists():
        save(fresh, path)
        assert UPDATE, f"{path.name} was missing and has been written: commit it (and check that it looks right)"
    else:
        with Image.open(path) as committed:
            changed = difference(committed, fresh)
        if changed:
            save(fresh, FRESH / path.name)
        assert not changed, (f"docs/images/{path.name} is out of date ({changed}; the new picture is in "
                             f"build/screenshots/): look at the gallery page ?app={item.name}, then rewrite "
                             "the pictures with WEBIO_UPDATE_SCREENSHOTS=1")
    assert console_errors == []


def brightness(image: Image.Image) -> float:
    """Mean grey level, 0 (black) to 255 (white)."""
    counts = image.convert("L").histogram()
    return sum(level * count for level, count in enumerate(counts)) / (image.width * image.height)


def test_dark_pictures_are_dark() -> None:
    """The dark theme's pictures really are dark (mean brightness), the default ones light."""
    for item in examples():
        if item.name == "toast":  # a coloured notice, the same in both themes
            continue
        with Image.open(image_path(item, "default")) as light, Image.open(image_path(item, "dark")) as dark:
            light_level, dark_level = brightness(light), brightness(dark)
        assert dark_level < light_level - 40, f"{item.name}: dark {dark_level:.0f} vs default {light_level:.0f}"
