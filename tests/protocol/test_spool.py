"""Uploaded files' base64 kept in temporary files while an event's chunks are joined
(protocol/spool.py): the joined text keeps a placeholder, the decoded event gets the spooled value
back, whatever the slicing; short or non-base64 "content" values stay in the text."""
from __future__ import annotations

import base64
import json
import os

import pytest

from webio_core.protocol import Chunk, ChunkAssembler
from webio_core.protocol.spool import SpooledText, SpoolingJoiner, attach

CONTENT = base64.b64encode(os.urandom(200_000)).decode()
EVENT = {"event": "from_submit", "task_id": "t1", "seq": 3, "data": {
    "f": {"filename": "a.bin", "content": CONTENT, "mime_type": ""},
    "g": [{"filename": "b.txt", "content": "aGVsbG8="}],
    "content": "a text input named content: " + "x" * 70_000}}


@pytest.mark.parametrize("separators", [(",", ":"), (", ", ": ")])
@pytest.mark.parametrize("step", [1, 7, 4096, 300_000])
def test_the_big_base64_value_is_spooled_whatever_the_slicing(separators: tuple[str, str], step: int) -> None:
    text = json.dumps(EVENT, separators=separators)
    joiner = SpoolingJoiner()
    for i in range(0, len(text), step):
        joiner.feed(text[i:i + step])
    head, spools = joiner.finish()
    assert len(head) < len(text) - 200_000
    data = json.loads(head)["data"]
    assert attach(data, spools) == 1
    spooled = data["f"]["content"]
    assert isinstance(spooled, SpooledText) and spooled.read_all() == CONTENT
    assert data["g"][0]["content"] == "aGVsbG8=" and data["content"] == EVENT["data"]["content"]
    spooled.close()


def test_the_assembler_hands_out_spooled_values_and_close_removes_them() -> None:
    text = json.dumps(EVENT, separators=(",", ":"))
    size = -(-len(text) // 5)
    slices = [text[i:i + size] for i in range(0, len(text), size)]
    assembler = ChunkAssembler(max_size=10_000_000)
    messages = [m for i, data in enumerate(slices) if (m := assembler.add(Chunk(3, i, len(slices), data)))]
    assert len(messages) == 1 and messages[0].event is not None
    spooled = messages[0].event.data["f"]["content"]
    assert isinstance(spooled, SpooledText) and spooled.read_all() == CONTENT
    assembler.close()
    assert spooled.file.closed
