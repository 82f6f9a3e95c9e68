"""A spooled upload (its base64 in a temporary file) decodes to the documented dict: ``content``
bytes, or with ``as_file`` a binary file object; limits apply the same; bad base64 is refused."""
from __future__ import annotations

import base64
import os

import pytest

from webio_core.exceptions import RemoteProtocolError
from webio_core.input.files import FileTooLarge, decode_files
from webio_core.protocol.spool import SpooledText

DATA = os.urandom(3 * 1024 * 1024 + 1)


def spooled(text: str) -> SpooledText:
    spool = SpooledText()
    spool.write(text)
    return spool


def raw(content: object) -> dict[str, object]:
    return {"filename": "../x.bin", "content": content, "mime_type": "application/octet-stream", "last_modified": 5}


def test_spooled_content_gives_bytes_or_a_file_object() -> None:
    got = decode_files(raw(spooled(base64.b64encode(DATA).decode())), multiple=False, max_size=0, max_total_size=0)
    assert got["content"] == DATA and got["filename"] == "x.bin"
    got = decode_files([raw(spooled(base64.b64encode(DATA).decode()))], multiple=True, max_size=0,
                       max_total_size=0, as_file=True)
    assert got[0]["content"].read() == DATA
    got[0]["content"].close()
    small = decode_files(raw(base64.b64encode(b"hi").decode()), multiple=False, max_size=0, max_total_size=0,
                         as_file=True)
    assert small["content"].read() == b"hi"


def test_limits_and_bad_base64_apply_to_spooled_content() -> None:
    with pytest.raises(FileTooLarge, match="larger than the limit of 1M"):
        decode_files(raw(spooled(base64.b64encode(DATA).decode())), multiple=False, max_size=1024 * 1024,
                     max_total_size=0, as_file=True)
    with pytest.raises(RemoteProtocolError, match="not valid base64"):
        decode_files(raw(spooled("AAA*" * 100_000)), multiple=False, max_size=0, max_total_size=0)
