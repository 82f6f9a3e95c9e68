"""Images and downloadable files.

Image bytes (and PIL images) travel as ``data:`` URLs; the MIME type comes from ``format=`` or
from the first bytes of the image. File contents travel base64-encoded and are saved by the
browser when the link is clicked.
"""
from __future__ import annotations

import base64
import io
from typing import Any, Optional

from ..charts.convert import figure_bytes, is_figure
from .base import Output, ScopeArg
from .checks import check_css_size

# (magic prefix, format) pairs; WEBP is checked separately (RIFF....WEBP).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"\x00\x00\x01\x00", "x-icon"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
_FORMAT_ALIASES = {"jpg": "jpeg", "svg": "svg+xml", "ico": "x-icon", "tif": "tiff"}


def image_format(data: bytes) -> Optional[str]:
    """The image format of ``data`` from its first bytes ('png', 'jpeg', …), or None."""
    for prefix, fmt in _SIGNATURES:
        if data.startswith(prefix):
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "avif"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "svg+xml"
    return None


def _is_pil_image(src: Any) -> bool:
    return all(hasattr(src, attr) for attr in ("save", "mode", "size")) and not isinstance(src, (str, bytes))


def _pil_to_bytes(image: Any, fmt: Optional[str]) -> tuple[bytes, str]:
    fmt = (fmt or getattr(image, "format", None) or "png").lower()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG" if fmt == "jpg" else fmt.upper())
    return buffer.getvalue(), fmt


def image_data_url(data: bytes, fmt: Optional[str] = None) -> str:
    """A ``data:`` URL for image bytes; raises ValueError if the format cannot be told."""
    if fmt is None:
        fmt = image_format(data)
        if fmt is None:
            raise ValueError("put_image() could not tell the image format from its bytes: pass format='png' (or 'jpeg', …)")
    fmt = str(fmt).lower()
    mime = "image/" + _FORMAT_ALIASES.get(fmt, fmt)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def put_image(src: Any, format: Optional[str] = None, title: str = "", width: Optional[str] = None,  # noqa: A002
              height: Optional[str] = None, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show an image from a URL, image bytes, a PIL image or a matplotlib figure.

    Example::

        put_image(open('logo.png', 'rb').read(), width='50px')
        put_image('https://example.org/logo.png', title='Logo')
    """
    if isinstance(src, str):
        url = src
    elif isinstance(src, (bytes, bytearray, memoryview)):
        url = image_data_url(bytes(src), format)
    elif _is_pil_image(src):
        data, fmt = _pil_to_bytes(src, format)
        url = image_data_url(data, fmt)
    elif is_figure(src):
        url = image_data_url(*figure_bytes(src, format))
    else:
        raise TypeError(f"put_image() takes a URL (str), image bytes, a PIL image or a matplotlib figure, "
                        f"got {type(src).__name__}")
    spec = {"type": "image", "src": url, "alt": str(title), "title": str(title),
            "width": check_css_size("put_image", "width", width) or "",
            "height": check_css_size("put_image", "height", height) or ""}
    return Output(spec, scope=scope, position=position)


def put_file(name: str, content: Any, label: Optional[str] = None, scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a link that saves ``content`` (bytes) as the file ``name`` when clicked.

    Example::

        put_file('hello-world.txt', b'hello world!', 'download me')
    """
    if isinstance(content, str):
        raise TypeError("put_file() takes the file content as bytes: use content.encode() for text")
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise TypeError(f"put_file() takes the file content as bytes, got {type(content).__name__}")
    spec = {"type": "file", "name": str(name), "label": str(name if label is None else label),
            "content": base64.b64encode(bytes(content)).decode("ascii")}
    return Output(spec, scope=scope, position=position)
