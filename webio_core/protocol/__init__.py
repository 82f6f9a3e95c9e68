"""The sans-IO wire protocol: typed events in, encoded frames out. No sockets, threads or clocks.

See docs/protocol.md for the exact JSON.
"""
from .events import EVENT_NAMES, Event, Ack, ClientMessage, decode_client_message
from .chunks import CHUNK_BYTES, AssemblyTooLarge, Chunk, ChunkAssembler, decode_chunk, decode_message_or_chunk
from .frames import OutboundStream, Frame, encode_frame, encode_ack_frame, command
from .sizes import parse_size

__all__ = [
    "EVENT_NAMES", "Event", "Ack", "ClientMessage", "decode_client_message",
    "CHUNK_BYTES", "AssemblyTooLarge", "Chunk", "ChunkAssembler", "decode_chunk", "decode_message_or_chunk",
    "OutboundStream", "Frame", "encode_frame", "encode_ack_frame", "command", "parse_size",
]
