"""Taking a gallery example's picture, and comparing two pictures with a tolerance."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

from webio.gallery import Example

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
# A picture differs materially when more than this share of its pixels changed noticeably, or
# when its size changed by more than a few pixels (antialiasing and font hinting move a few).
CHANGED_SHARE = 0.01
PIXEL_DELTA = 48
SIZE_SLACK = 4


def image_path(item: Example, theme: str) -> Path:
    """docs/images/NAME.png (default theme) or NAME-dark.png."""
    suffix = "" if theme == "default" else f"-{theme}"
    return IMAGES / f"{item.name}{suffix}.png"


def capture_selector(item: Example) -> str:
    """What the picture shows: the form of an input example, the notice, or the result scope."""
    if item.is_input:
        return "#webio-input-container form.webio-form"
    if item.name == "popup":
        return ".webio-popup .modal-content"
    if item.name == "toast":
        return ".webio-toast"
    return "#webio-scope-result"


def open_example(page: Any, base_url: str, item: Example) -> Any:
    """Load the example's gallery page and wait until what it shows is there; its locator."""
    page.goto(f"{base_url}?app={item.name}")
    page.locator("#webio-scope-code pre").wait_for()
    target = page.locator(capture_selector(item)).first
    target.wait_for(state="visible")
    if not item.is_input and item.name not in ("popup", "toast"):
        page.wait_for_function("document.querySelector('#webio-scope-result').childElementCount > 0")
    page.evaluate(LOADED)
    return target


# What the page may still be loading once the example's output is there: the data table's grid
# (a script of its own, window.ag_grid_<id>_promise), pictures, fonts. Waiting for these instead of
# a quiet network (networkidle: 0.5 s without a request, per picture).
LOADED = """async () => {
  const grids = Object.keys(window).filter((key) => /^ag_grid_.+_promise$/.test(key));
  await Promise.all(grids.map((key) => window[key]));
  await Promise.all([...document.images].filter((img) => !img.complete)
    .map((img) => new Promise((done) => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  await document.fonts.ready;
}"""


def screenshot(target: Any, attempts: int = 20) -> Image.Image:
    """The element's picture, without caret or animation, once two pictures in a row are equal
    (widgets fade in and settle after they appear)."""
    previous = b""
    for _ in range(attempts):
        if target.evaluate("e => getComputedStyle(e.closest('.modal, #webio-toasts') || e).position") == "fixed":
            # A notice floats over the page: cut it out of the window's picture (a picture of the
            # element alone, a clip or stopped animations paint other content into the dialog).
            png = _cut(target.page.screenshot(), target.bounding_box())
        else:
            png = target.screenshot(animations="disabled", caret="hide")
        if png == previous:
            break
        previous = png
        target.page.wait_for_timeout(150)
    else:
        raise AssertionError(f"the picture of {target} did not settle after {attempts} tries")
    return Image.open(io.BytesIO(png)).convert("RGB")


def _cut(png: bytes, box: dict[str, float]) -> bytes:
    window = Image.open(io.BytesIO(png))
    part = window.crop((round(box["x"]), round(box["y"]), round(box["x"] + box["width"]), round(box["y"] + box["height"])))
    out = io.BytesIO()
    part.save(out, format="PNG")
    return out.getvalue()


def save(image: Image.Image, path: Path) -> None:
    """Write a small PNG: a palette of 256 colours, optimized."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def difference(old: Image.Image, new: Image.Image) -> str:
    """'' when the pictures match within the tolerance, else what differs."""
    if abs(old.width - new.width) > SIZE_SLACK or abs(old.height - new.height) > SIZE_SLACK:
        return f"size {old.width}x{old.height} became {new.width}x{new.height}"
    width, height = min(old.width, new.width), min(old.height, new.height)
    box = (0, 0, width, height)
    delta = ImageChops.difference(old.convert("RGB").crop(box), new.convert("RGB").crop(box)).convert("L")
    changed = sum(delta.point(lambda v: 255 if v > PIXEL_DELTA else 0).histogram()[255:])
    share = changed / float(width * height)
    return f"{share:.1%} of the pixels changed" if share > CHANGED_SHARE else ""
