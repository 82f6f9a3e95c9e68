"""Large events in chunks (docs/protocol.md): the assembler joins them in order, ignores a repeat of
the last one, refuses an event as soon as it passes the limit, and drops one whose chunks are out
of order; the next event goes through either way."""
from __future__ import annotations

import json
from typing import Any

import pytest

from webio_core.exceptions import RemoteProtocolError
from webio_core.protocol import AssemblyTooLarge, Chunk, ChunkAssembler, ClientMessage, decode_message_or_chunk


def event_text(seq: int, note: str) -> str:
    return json.dumps({"event": "from_submit", "task_id": "form", "data": {"note": note}, "seq": seq, "ack": 2},
                      ensure_ascii=False)


def chunks_of(seq: int, text: str, parts: int) -> list[Chunk]:
    size = -(-len(text) // parts)
    slices = [text[i:i + size] for i in range(0, len(text), size)]
    return [Chunk(seq, index, len(slices), data) for index, data in enumerate(slices)]


def feed(assembler: ChunkAssembler, chunks: list[Chunk]) -> list[ClientMessage]:
    return [message for chunk in chunks if (message := assembler.add(chunk)) is not None]


def test_chunks_in_order_give_the_event_as_if_it_came_whole() -> None:
    assembler = ChunkAssembler(max_size=10_000)
    messages = feed(assembler, chunks_of(3, event_text(3, "é🙂" * 300), 4))
    assert len(messages) == 1
    assert messages[0].event is not None and messages[0].event.data == {"note": "é🙂" * 300}
    assert (messages[0].seq, messages[0].ack) == (3, 2)
    assert not assembler.assembling


def test_a_repeated_chunk_is_ignored_even_the_last_one() -> None:
    """An HTTP request retried after its answer was lost carries the same chunk again."""
    assembler = ChunkAssembler(max_size=10_000)
    first, second, last = chunks_of(1, event_text(1, "x" * 900), 3)
    assert assembler.add(first) is None
    assert assembler.add(first) is None
    assert assembler.add(second) is None
    assert assembler.add(second) is None
    assert assembler.add(last) is not None
    assert assembler.add(last) is None  # the event is not delivered twice
    assert len(feed(assembler, chunks_of(2, event_text(2, "y" * 900), 3))) == 1


def test_an_event_is_refused_as_soon_as_it_passes_the_limit() -> None:
    assembler = ChunkAssembler(max_size=1000)
    chunks = chunks_of(1, event_text(1, "x" * 3000), 6)
    assert assembler.add(chunks[0]) is None
    with pytest.raises(AssemblyTooLarge) as refused:
        assembler.add(chunks[1])
    assert refused.value.size > 1000
    assert not assembler.assembling
    assert feed(assembler, chunks[2:]) == []  # the rest of it is ignored, quietly
    assert len(feed(assembler, chunks_of(2, event_text(2, "short"), 2))) == 1


@pytest.mark.parametrize("order", [[0, 2, 1], [1, 0, 2], [0, 1, 1, 2, 2, 0]])
def test_chunks_out_of_order_drop_the_event(order: list[int]) -> None:
    assembler = ChunkAssembler(max_size=10_000)
    chunks = chunks_of(1, event_text(1, "x" * 900), 3)
    delivered = []
    for index in order:
        try:
            message = assembler.add(chunks[index])
        except RemoteProtocolError:
            continue
        if message is not None:
            delivered.append(message)
    assert delivered == [] or order == [0, 1, 1, 2, 2, 0]
    assert len(feed(assembler, chunks_of(2, event_text(2, "next"), 2))) == 1


def test_two_events_interleaved_are_both_refused() -> None:
    assembler = ChunkAssembler(max_size=10_000)
    a = chunks_of(1, event_text(1, "a" * 900), 2)
    b = chunks_of(2, event_text(2, "b" * 900), 2)
    assert assembler.add(a[0]) is None
    assert assembler.add(b[0]) is None  # a first chunk starts over: event 1 is dropped
    with pytest.raises(RemoteProtocolError, match="expected chunk 1 of 2 of event 2"):
        assembler.add(a[1])
    assert assembler.add(b[1]) is None  # event 2 was dropped too
    assert len(feed(assembler, chunks_of(3, event_text(3, "c"), 2))) == 1


def test_a_count_that_changes_is_refused() -> None:
    assembler = ChunkAssembler(max_size=10_000)
    assembler.add(Chunk(1, 0, 3, '{"event":'))
    with pytest.raises(RemoteProtocolError):
        assembler.add(Chunk(1, 1, 2, '"callback"}'))


def test_joined_text_that_is_no_event_is_rejected() -> None:
    assembler = ChunkAssembler(max_size=10_000)
    assembler.add(Chunk(1, 0, 2, '{"chunk": '))
    with pytest.raises(RemoteProtocolError):
        assembler.add(Chunk(1, 1, 2, '{"seq": 1, "index": 0, "count": 2, "data": "x"}}'))


@pytest.mark.parametrize("chunk", [
    [], {"seq": 1, "index": 0, "count": 2}, {"seq": 1, "index": 0, "count": 2, "data": ""},
    {"seq": "1", "index": 0, "count": 2, "data": "x"}, {"seq": 1, "index": 2, "count": 2, "data": "x"},
    {"seq": 1, "index": -1, "count": 2, "data": "x"}, {"seq": 1, "index": 0, "count": 1, "data": "x"},
    {"seq": 1, "index": True, "count": 2, "data": "x"}, {"seq": 1, "index": 0, "count": 10 ** 9, "data": "x"},
])
def test_malformed_chunk_messages_are_rejected(chunk: Any) -> None:
    with pytest.raises(RemoteProtocolError):
        decode_message_or_chunk(json.dumps({"chunk": chunk}))


def test_a_chunk_message_and_an_event_decode_apart() -> None:
    chunk = decode_message_or_chunk('{"chunk": {"seq": 4, "index": 1, "count": 3, "data": "abc"}}')
    assert chunk == Chunk(4, 1, 3, "abc")
    message = decode_message_or_chunk('{"ack": 5}')
    assert isinstance(message, ClientMessage) and message.ack == 5


def test_a_declared_size_over_the_limit_is_refused_at_the_first_chunk_and_the_rest_ignored() -> None:
    assembler = ChunkAssembler(max_size=1_000)
    text = event_text(5, "x" * 3_000)
    chunks = chunks_of(5, text, 4)
    first = Chunk(5, 0, chunks[0].count, chunks[0].data, size=len(text), task_id="form", files=(("f", (3_000,)),))
    with pytest.raises(AssemblyTooLarge) as refused:
        assembler.add(first)
    assert (refused.value.size, refused.value.limit) == (len(text), 1_000)
    assert feed(assembler, chunks[1:]) == [] and not assembler.assembling  # quietly
    assert len(feed(assembler, chunks_of(6, event_text(6, "ok"), 2))) == 1  # the next event goes through


def test_an_event_may_not_pass_its_declared_size_nor_a_lower_limit_for_it() -> None:
    assembler = ChunkAssembler(max_size=100_000)
    text = event_text(7, "y" * 3_000)
    chunks = chunks_of(7, text, 4)
    lying = Chunk(7, 0, chunks[0].count, chunks[0].data, size=len(text) // 2)
    with pytest.raises(AssemblyTooLarge):
        feed(assembler, [lying, *chunks[1:]])
    chunks = chunks_of(8, event_text(8, "y" * 3_000), 4)
    with pytest.raises(AssemblyTooLarge) as refused:
        assembler.add(chunks[0], 1_500)
        assembler.add(chunks[1])
    assert refused.value.limit == 1_500


def test_a_first_chunk_declaration_is_decoded_and_checked() -> None:
    chunk = decode_message_or_chunk(json.dumps({"chunk": {"seq": 1, "index": 0, "count": 2, "data": "{",
                                                          "size": 9, "task_id": "t1", "files": {"f": [3, 4]}}}))
    assert chunk == Chunk(1, 0, 2, "{", size=9, task_id="t1", files=(("f", (3, 4)),))
    for bad in ({"size": -1}, {"size": 1.5}, {"task_id": 3}, {"files": {"f": 3}}, {"files": {"f": [-2]}}, {"files": []}):
        with pytest.raises(RemoteProtocolError):
            decode_message_or_chunk(json.dumps({"chunk": {"seq": 1, "index": 0, "count": 2, "data": "{", **bad}}))
