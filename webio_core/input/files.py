"""Uploaded files: decoding what the browser sent and enforcing the size limits on the server.

The browser checks ``max_size``/``max_total_size`` too, but only as a courtesy: the server decides.
A file over a limit makes the submission invalid (the user sees why), never reaches the app.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
from typing import Any, Optional, TypedDict

from ..exceptions import RemoteProtocolError


class UploadedFile(TypedDict):
    """What ``file_upload()`` returns for each file."""

    filename: str
    content: bytes
    mime_type: str
    last_modified: float  # seconds since the epoch


class FileTooLarge(ValueError):
    """A file (or all files together) went over a limit; the message is shown to the user."""


def human_size(size: int) -> str:
    """``human_size(40960) == '40K'``: sizes as the app wrote them."""
    for unit, factor in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if size >= factor:
            amount = size / factor
            return f"{amount:g}{unit}" if amount == int(amount) else f"{amount:.1f}{unit}"
    return f"{size} bytes"


def safe_filename(name: str) -> str:
    """The last part of a path the browser sent, so the name can never point elsewhere on disk."""
    name = name.replace("\\", "/").replace("\x00", "")
    base = posixpath.basename(name).strip()
    return base if base not in ("", ".", "..") else "file"


def decode_file(raw: Any) -> UploadedFile:
    """One file object of ``from_submit`` (base64 content) as an ``UploadedFile``."""
    if not isinstance(raw, dict):
        raise RemoteProtocolError(f"an uploaded file must be an object, got {type(raw).__name__}")
    filename, content = raw.get("filename"), raw.get("content")
    if not isinstance(filename, str) or not isinstance(content, str):
        raise RemoteProtocolError("an uploaded file needs string 'filename' and base64 'content'")
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise RemoteProtocolError(f"content of uploaded file {filename!r} is not valid base64") from None
    mime_type = raw.get("mime_type") or ""
    modified = raw.get("last_modified") or 0
    if not isinstance(mime_type, str) or isinstance(modified, bool) or not isinstance(modified, (int, float)):
        raise RemoteProtocolError(f"uploaded file {filename!r} has a malformed mime_type or last_modified")
    # The browser counts milliseconds; PyWebIO programs (and time.time()) count seconds.
    return {"filename": safe_filename(filename), "content": data, "mime_type": mime_type,
            "last_modified": modified / 1000}


def decode_files(raw: Any, *, multiple: bool, max_size: int, max_total_size: int) -> Any:
    """The value of a ``file`` input: a list of files when ``multiple``, else one file or None.

    Raises ``FileTooLarge`` (shown to the user) or ``RemoteProtocolError`` (malformed data).
    """
    if raw is None:
        items: list[Any] = []
    elif isinstance(raw, list):
        items = raw
    else:
        items = [raw]
    if not multiple and len(items) > 1:
        raise RemoteProtocolError(f"{len(items)} files were sent to a file input that takes one")
    files = [decode_file(item) for item in items]
    check_limits(files, max_size=max_size, max_total_size=max_total_size)
    if multiple:
        return files
    return files[0] if files else None


def check_limits(files: list[UploadedFile], *, max_size: int, max_total_size: int) -> None:
    if max_size:
        for file in files:
            if len(file["content"]) > max_size:
                raise FileTooLarge(f"'{file['filename']}' is larger than the limit of {human_size(max_size)}")
    total = sum(len(file["content"]) for file in files)
    if max_total_size and total > max_total_size:
        raise FileTooLarge(f"the files together ({human_size(total)}) are larger than the limit of {human_size(max_total_size)}")


def accept_list(accept: Optional[Any]) -> Optional[str]:
    """``accept`` as the HTML attribute: a list becomes ``'.png,.jpg'``."""
    if accept is None:
        return None
    if isinstance(accept, str):
        return accept
    if isinstance(accept, (list, tuple)) and all(isinstance(a, str) for a in accept):
        return ",".join(accept)
    raise TypeError(f"file_upload() accept must be a string or a list of strings like ['.png', 'image/*'], got {accept!r}")
