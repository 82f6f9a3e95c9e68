"""Large client events in chunks: reassembling the slices of one event's JSON text.

A browser sends an event whose JSON text is over 256 KiB as a run of chunk messages,
``{"chunk": {"seq": S, "index": i, "count": n, "data": "<slice>"}}`` with i = 0 … n-1, so that no
single message reaches the lower limits of the servers in front of webio (daphne's 1 MiB WebSocket
message, nginx's 1m body, aiohttp's 4 MiB). Rules of ``ChunkAssembler``:
- one assembly at a time: a chunk with index 0 starts one (dropping an unfinished one, logged);
  any other chunk must continue it (same seq and count, the next index) or it is rejected and the
  assembly dropped (its remaining chunks are then ignored quietly);
- an exact repeat of the last chunk accepted is ignored (an HTTP request retried after its answer
  was lost), even after the assembly it finished;
- the bytes received so far may not pass ``max_size``: the assembly is dropped at once with
  ``AssemblyTooLarge``, and the rest of that event's chunks are ignored quietly;
- the last chunk gives the joined text to ``decode_client_message``, as if the event had come whole,
  except that the base64 of uploaded files (``"content"`` values) was kept in temporary files on the
  way (protocol/spool.py) and is in the event's data as ``SpooledText``; ``close()`` removes them.
- the first chunk may declare the event: ``size`` (UTF-8 bytes of the whole text), ``task_id`` and
  ``files`` (input name -> the byte sizes of its files). A declared size over the limit is refused
  at once (``AssemblyTooLarge`` after the first chunk); ``add(chunk, limit)`` takes a lower limit
  for one event (the session's upload limits), and the text may not pass its declared size.
A new socket gets a new assembler: the browser then re-sends unacknowledged events from chunk 0.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Optional, Union

from ..exceptions import RemoteProtocolError
from .events import ClientMessage, decode_client_message, message_from_wire
from .sizes import utf8_size
from .spool import SpooledText, SpoolingJoiner, attach
from .wire import ChunkWire, MessageWire, convert_wire, decode_wire, may_nest_deeper

logger = logging.getLogger("webio.protocol")

# The size the browser client cuts at (bytes of one chunk message, UTF-8); docs/protocol.md.
CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class Chunk:
    """One slice of a large event's JSON text."""

    seq: int
    index: int
    count: int
    data: str
    # Declared by the first chunk only (all optional): see the module rules.
    size: Optional[int] = None
    task_id: Optional[str] = None
    files: Optional[tuple[tuple[str, tuple[int, ...]], ...]] = None


class AssemblyTooLarge(RemoteProtocolError):
    """The chunks of one event passed its limit; ``size`` is what had arrived or was declared (bytes)."""

    def __init__(self, seq: int, size: int, limit: int) -> None:
        super().__init__(f"event {seq} in chunks reached {size} bytes, over the limit of {limit}")
        self.size = size
        self.limit = limit


def chunk_from_wire(wire: ChunkWire) -> Chunk:
    """A chunk whose fields have their types and bounds: check that its index is below its count."""
    if wire.index >= wire.count:
        raise RemoteProtocolError(f"chunk 'index' {wire.index} is not below its 'count' {wire.count}")
    if wire.index != 0:
        return Chunk(seq=wire.seq, index=wire.index, count=wire.count, data=wire.data)
    files = None if wire.files is None else tuple((name, tuple(sizes)) for name, sizes in wire.files.items())
    return Chunk(seq=wire.seq, index=wire.index, count=wire.count, data=wire.data, size=wire.size,
                 task_id=wire.task_id, files=files)


def decode_chunk(value: Any) -> Chunk:
    """Check the ``chunk`` object of a chunk message; raise ``RemoteProtocolError`` if it is malformed."""
    if not isinstance(value, dict):
        raise RemoteProtocolError(f"'chunk' must be an object, got {type(value).__name__}")
    return chunk_from_wire(convert_wire(value, ChunkWire))


def decode_message_or_chunk(text: str | bytes, max_size: Optional[int] = None) -> Union[ClientMessage, Chunk]:
    """One WebSocket message from the browser: an event, an acknowledgement, or a chunk."""
    if max_size is not None and len(text) > max_size:
        raise RemoteProtocolError(f"message of {len(text)} bytes is larger than the limit of {max_size}")
    wire = decode_wire(text, MessageWire)
    if wire.chunk is not None:
        return chunk_from_wire(wire.chunk)
    return message_from_wire(wire, may_nest_deeper(text))


class ChunkAssembler:
    """Joins the chunks of one event at a time (see the module rules)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._joiner = SpoolingJoiner()
        self._kept: list[SpooledText] = []  # spooled values handed out in events, removed by close()
        self._size = 0
        self._current: Optional[Chunk] = None  # the last chunk of the assembly in progress
        self._last: Optional[Chunk] = None  # the last chunk accepted, kept to recognise a repeat
        self._refused_seq: Optional[int] = None
        self._limit = max_size  # of the event being joined

    def is_repeat(self, chunk: Chunk) -> bool:
        """Whether ``add`` would ignore ``chunk`` (a repeat, or a chunk of a refused event)."""
        return chunk == self._last or chunk.seq == self._refused_seq

    def refuse(self, chunk: Chunk) -> None:
        """Refuse the event that ``chunk`` starts: its other chunks are ignored quietly."""
        self.drop()
        self._refused_seq = chunk.seq
        self._last = chunk

    @property
    def assembling(self) -> bool:
        """True while an event is half received."""
        return self._current is not None

    def add(self, chunk: Chunk, limit: Optional[int] = None) -> Optional[ClientMessage]:
        """Take one chunk; the whole event once its last chunk arrived, else None.

        ``limit`` (with a first chunk): a lower limit than ``max_size`` for this event.
        Raises ``AssemblyTooLarge`` when the event passes its limit (or declares a size over it)
        and ``RemoteProtocolError`` for a chunk out of order; either way the assembly is dropped.
        """
        if self.is_repeat(chunk):
            return None
        self._refused_seq = None
        if chunk.index == 0:
            self._start(chunk)
            self._limit = self.max_size if limit is None else min(limit, self.max_size)
            if chunk.size is not None and chunk.size > self._limit:
                self.refuse(chunk)
                raise AssemblyTooLarge(chunk.seq, chunk.size, self._limit)
            if chunk.size is not None:
                self._limit = chunk.size  # the text may not pass what it declared
        else:
            self._continue(chunk)
        self._size += utf8_size(chunk.data)
        if self._size > self._limit:
            size, limit = self._size, self._limit
            self.refuse(chunk)
            raise AssemblyTooLarge(chunk.seq, size, limit)
        self._joiner.feed(chunk.data)
        self._current = self._last = chunk
        if chunk.index < chunk.count - 1:
            return None
        text, spools = self._joiner.finish()
        self.drop()
        try:
            message = decode_client_message(text)
        except RemoteProtocolError:
            for spool in spools:
                spool.close()
            raise
        if spools:
            attach(message.event.data if message.event is not None else None, spools)
            self._kept = [spool for spool in self._kept if not spool.file.closed] + spools
        return message

    def _start(self, chunk: Chunk) -> None:
        if self._current is not None:
            # A browser starts an event over after a failed request or on a new socket: not an error
            # (and a flood of such chunks must not fill the log).
            logger.debug("event %d arrived in chunks before event %d was complete; dropped the unfinished one",
                         chunk.seq, self._current.seq)
        self.drop()

    def _continue(self, chunk: Chunk) -> None:
        current = self._current
        if current is None or (chunk.seq, chunk.count, chunk.index) != (current.seq, current.count, current.index + 1):
            self.drop()
            self._refused_seq = None if current is None else current.seq  # its other chunks: quietly
            expected = "chunk 0 of a new event" if current is None else (
                f"chunk {current.index + 1} of {current.count} of event {current.seq}")
            raise RemoteProtocolError(f"chunk {chunk.index} of {chunk.count} of event {chunk.seq} arrived, "
                                      f"expected {expected}; the event was dropped")

    def drop(self) -> None:
        """Forget the assembly in progress."""
        self._joiner.close()
        self._size = 0
        self._current = None

    def close(self) -> None:
        """Drop the assembly in progress and remove every temporary file of the events joined."""
        self.drop()
        for spool in self._kept:
            spool.close()
        self._kept = []
