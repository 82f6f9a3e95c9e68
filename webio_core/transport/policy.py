"""What every plugin does the same: size limits, their messages, binary frames, plain responses.

- A request body over ``max_payload_size`` gets 413 with ``TOO_LARGE_BODY_TEXT`` (a plugin that
  reads the body itself stops at the limit and answers ``body_too_large(limit)``).
- A WebSocket message over it is dropped and the tab gets a toast (``too_large_toast``); each
  plugin gives its server a limit of ``server_message_limit()`` so such messages reach webio.
- A binary WebSocket message is read as UTF-8 JSON text, like a text one (``text_of_binary``);
  one that is not UTF-8 is dropped with a log line.
"""
from __future__ import annotations

import json
import logging
from typing import Optional, Union

from ..protocol.sizes import format_size, utf8_size
from .base import HttpResponse

logger = logging.getLogger("webio.transport")

TOO_LARGE_BODY_TEXT = "Request body larger than max_payload_size ({limit} bytes): raise max_payload_size to accept it"
# A WebSocket server's own message limit sits this much above max_payload_size (see the top).
WS_SIZE_SLACK = 1024 * 1024
TOO_LARGE_TOAST_SECONDS = 6
# The toast for a refused message, in the languages the browser client ships ({limit}: "1 KiB").
TOO_LARGE_TEXT = {
    "en": "That was too large to send (limit {limit}); nothing was submitted.",
    "zh": "内容太大，无法发送（上限 {limit}）；没有提交任何内容。",
    "ru": "Слишком большой объём для отправки (предел {limit}); ничего не отправлено.",
    "de": "Das war zu groß zum Senden (Obergrenze {limit}); es wurde nichts übermittelt.",
    "fa": "این برای ارسال بیش از حد بزرگ بود (حد مجاز {limit})؛ چیزی ارسال نشد.",
}
JsonValue = Union[None, bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"]]


def json_response(payload: JsonValue, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return HttpResponse(status, body, {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"})


def text_response(status: int, text: str) -> HttpResponse:
    return HttpResponse(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


def declared_too_large(content_length: Union[int, str, None], limit: int) -> bool:
    """Whether a request's ``Content-Length`` already says its body is over ``limit`` bytes."""
    try:
        return int(content_length or 0) > limit
    except (TypeError, ValueError):
        return False


def body_too_large(limit: int) -> HttpResponse:
    """The 413 answer to a request body over ``limit`` bytes (the same text on every plugin)."""
    return text_response(413, TOO_LARGE_BODY_TEXT.format(limit=limit))


def server_message_limit(max_payload_size: int) -> int:
    """The message size limit to give the WebSocket server, so that webio sees oversized ones first."""
    return max_payload_size + WS_SIZE_SLACK


def size_over(text: str, limit: int) -> Optional[int]:
    """The UTF-8 size of ``text`` if it is over ``limit`` bytes, else None (counted only if it may be)."""
    if 4 * len(text) <= limit:  # even four bytes per character would fit
        return None
    size = utf8_size(text)
    return size if size > limit else None


def too_large_toast(limit: int, language: str) -> dict[str, object]:
    """The ``toast`` spec telling the user a message was over ``limit`` (text only, in ``language``)."""
    text = TOO_LARGE_TEXT.get(language.split("-")[0].lower(), TOO_LARGE_TEXT["en"])
    return {"content": text.format(limit=format_size(limit)), "duration": TOO_LARGE_TOAST_SECONDS,
            "position": "center", "color": "error", "callback_id": None}


def text_of_binary(data: bytes) -> Optional[str]:
    """A binary WebSocket message as text (UTF-8), or None (logged) if it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        logger.warning("dropped a binary WebSocket message that is not UTF-8: webio messages are JSON text")
        return None
