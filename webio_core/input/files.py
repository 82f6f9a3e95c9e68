"""Uploaded files: decoding what the browser sent and enforcing the size limits on the server.

The browser checks ``max_size``/``max_total_size`` too, but only as a courtesy: the server decides.
A file over a limit makes the submission invalid (the user sees why), never reaches the app.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
import tempfile
from typing import IO, Any, Iterable, Optional, TypedDict, Union

from .. import metrics
from ..exceptions import RemoteProtocolError, SessionClosedException
from ..protocol.spool import MEMORY_LIMIT, SpooledText
from ..session.context import peek_current_session
from ..session.uploads import DeclaredFiles, UploadCheck, UploadVerdict

# Base64 decoded in blocks of this many characters (a multiple of 4).
DECODE_BLOCK = 256 * 1024

# Room in a form's event for everything but the files (other inputs, names, JSON): 1 MiB.
NON_FILE_ALLOWANCE = 1024 * 1024


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


def decode_file(raw: Any, as_file: bool = False) -> Any:
    """One file object of ``from_submit`` (base64 content) as an ``UploadedFile`` (with ``as_file``:
    ``content`` is a binary file object, see ``file_upload``)."""
    if not isinstance(raw, dict):
        raise RemoteProtocolError(f"an uploaded file must be an object, got {type(raw).__name__}")
    filename, content = raw.get("filename"), raw.get("content")
    if not isinstance(filename, str) or not isinstance(content, (str, SpooledText)):
        raise RemoteProtocolError("an uploaded file needs string 'filename' and base64 'content'")
    try:
        data: Union[bytes, IO[bytes]] = _decode_content(content, as_file)
    except (binascii.Error, ValueError):
        raise RemoteProtocolError(f"content of uploaded file {filename!r} is not valid base64") from None
    mime_type = raw.get("mime_type") or ""
    modified = raw.get("last_modified") or 0
    if not isinstance(mime_type, str) or isinstance(modified, bool) or not isinstance(modified, (int, float)):
        raise RemoteProtocolError(f"uploaded file {filename!r} has a malformed mime_type or last_modified")
    # The browser counts milliseconds; PyWebIO programs (and time.time()) count seconds.
    return {"filename": safe_filename(filename), "content": data, "mime_type": mime_type,
            "last_modified": modified / 1000}


def _decode_content(content: Union[str, SpooledText], as_file: bool) -> Union[bytes, IO[bytes]]:
    """Decode base64 text, or a spooled one block by block into a temporary file (in memory while
    small). ``as_file``: that file, removed when the session ends; else its bytes."""
    if isinstance(content, str) and not as_file:
        return base64.b64decode(content, validate=True)
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=MEMORY_LIMIT)
    try:
        if isinstance(content, str):
            out.write(base64.b64decode(content, validate=True))
        else:
            content.file.seek(0)
            while block := content.file.read(DECODE_BLOCK):
                out.write(base64.b64decode(block, validate=True))
            content.close()
        out.seek(0)
        if not as_file:
            return out.read()
    except BaseException:
        out.close()
        raise
    session = peek_current_session()
    if session is not None:
        try:
            session.defer_call(out.close)
        except SessionClosedException:
            out.close()
            raise
    return out


def content_size(file: Any) -> int:
    """Bytes of an uploaded file's content (bytes, or a file object from ``as_file``)."""
    content = file["content"]
    if isinstance(content, (bytes, bytearray)):
        return len(content)
    position = content.tell()
    size = content.seek(0, 2)
    content.seek(position)
    return int(size)


def decode_files(raw: Any, *, multiple: bool, max_size: int, max_total_size: int, as_file: bool = False) -> Any:
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
    files = [decode_file(item, as_file) for item in items]
    try:
        check_limits(files, max_size=max_size, max_total_size=max_total_size)
    except FileTooLarge:
        for file in files:
            if not isinstance(file["content"], bytes):
                file["content"].close()
        raise
    if files:
        metrics.recorder.upload(len(files), sum(content_size(file) for file in files))
    if multiple:
        return files
    return files[0] if files else None


def check_limits(files: list[Any], *, max_size: int, max_total_size: int) -> None:
    if max_size:
        for file in files:
            if content_size(file) > max_size:
                raise FileTooLarge(f"'{file['filename']}' is larger than the limit of {human_size(max_size)}")
    total = sum(content_size(file) for file in files)
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


def base64_size(size: int) -> int:
    """Characters of base64 for ``size`` bytes."""
    return (size + 2) // 3 * 4


def upload_check(limits: Iterable[tuple[str, bool, int, int]]) -> UploadCheck:
    """The ``UploadCheck`` of a form whose file inputs are ``(name, multiple, max_size, max_total_size)``.

    Declared file sizes over a limit are refused with the message the server would give after
    reading them; otherwise the event may carry the declared files (or, undeclared, as much as the
    limits allow) plus ``NON_FILE_ALLOWANCE``.
    """
    inputs = list(limits)

    def check(files: DeclaredFiles, size: Optional[int]) -> UploadVerdict:
        if files is None:
            return UploadVerdict(limit=_undeclared_limit(inputs))
        budget = 0
        for name, _multiple, max_size, max_total_size in inputs:
            sizes = files.get(name, ())
            if max_size and any(one > max_size for one in sizes):
                return UploadVerdict(refused_input=name,
                                     message=f"A file is larger than the limit of {human_size(max_size)}")
            total = sum(sizes)
            if max_total_size and total > max_total_size:
                return UploadVerdict(refused_input=name, message=(
                    f"the files together ({human_size(total)}) are larger than the limit of {human_size(max_total_size)}"))
            budget += sum(base64_size(one) + 512 for one in sizes)
        return UploadVerdict(limit=budget + NON_FILE_ALLOWANCE)

    return check


def _undeclared_limit(inputs: list[tuple[str, bool, int, int]]) -> Optional[int]:
    """The most event text the limits allow when the browser declared nothing (None: no bound)."""
    budget = 0
    for _name, multiple, max_size, max_total_size in inputs:
        most = max_total_size or (0 if multiple else max_size)
        if not most:
            return None
        budget += base64_size(most) + 512
    return budget + NON_FILE_ALLOWANCE
