"""Joining a large event's text with its uploaded files' base64 kept in temporary files.

``SpoolingJoiner`` takes the slices of one event's JSON text in order. Every string value of a
``"content"`` key (where uploaded files carry their base64) is written to a temporary file instead of
the joined text, which keeps a placeholder (``SPOOL_PREFIX + index`` once decoded); ``finish()`` returns that small
text and the ``SpooledText`` files, and ``attach`` puts them back in place of their placeholders in
the decoded data. A value that turns out not to be base64 (a text field named "content") is read
back into the text. Inside a JSON string a quote is always escaped, so the marker below can only
start a real ``"content"`` value.

Example::

    joiner = SpoolingJoiner()
    joiner.feed('{"data":{"f":{"content":"aGVs'); joiner.feed('bG8="}}}')
    text, spools = joiner.finish()   # the text with a placeholder, and [SpooledText]
"""
from __future__ import annotations

import re
import tempfile
from typing import IO, Any, Optional

# The start of a "content" string value (JSON allows whitespace around the colon).
MARKER = re.compile(r'"content"[ \t\n\r]{0,16}:[ \t\n\r]{0,16}"')
CARRY = 48  # characters kept back from the end of a slice: the longest marker
SPOOL_PREFIX = "\x00spool:"  # as decoded; in the JSON text it is written \u0000spool:
_PLACEHOLDER = "\\u0000spool:{}"
# Values shorter than this go back into the text (not worth a file).
INLINE_BELOW = 64 * 1024
# A spool stays in memory up to this size, then moves to a file on disk.
MEMORY_LIMIT = 1024 * 1024
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


class SpooledText:
    """The base64 text of one uploaded file, in a temporary file (``close()`` removes it)."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=MEMORY_LIMIT)
        self.size = 0

    def write(self, text: str) -> None:
        self.file.write(text.encode("ascii"))
        self.size += len(text)

    def read_all(self) -> str:
        self.file.seek(0)
        return self.file.read().decode("ascii")

    def close(self) -> None:
        self.file.close()


class SpoolingJoiner:
    """Joins slices of JSON text, spooling ``"content"`` string values (see the module rules)."""

    def __init__(self) -> None:
        self._text: list[str] = []
        self._spools: list[SpooledText] = []
        self._current: Optional[SpooledText] = None
        self._carry = ""  # the end of the text, while it might be the start of the marker

    def feed(self, data: str) -> None:
        while data:
            if self._current is not None:
                data = self._feed_value(data)
            else:
                data = self._feed_text(data)

    def _feed_text(self, data: str) -> str:
        data = self._carry + data
        self._carry = ""
        found = MARKER.search(data)
        if found is None:
            cut = max(len(data) - CARRY, 0)
            self._text.append(data[:cut])
            self._carry = data[cut:]
            return ""
        end = found.end()
        self._text.append(data[:end])
        self._current = SpooledText()
        return data[end:]

    def _feed_value(self, data: str) -> str:
        current = self._current
        assert current is not None
        stop = _NOT_BASE64.search(data)
        if stop is None:
            current.write(data)
            return ""
        current.write(data[:stop.start()])
        self._current = None
        if data[stop.start()] == '"' and current.size >= INLINE_BELOW:
            self._text.append(_PLACEHOLDER.format(len(self._spools)))
            self._spools.append(current)
        else:  # short, or not base64 after all: back into the text
            self._text.append(current.read_all())
            current.close()
        return data[stop.start():]

    def finish(self) -> tuple[str, list[SpooledText]]:
        """The joined text (with placeholders) and the spooled values, in order."""
        if self._current is not None:  # the text ended inside a value: malformed, decoding will say so
            self._text.append(self._current.read_all())
            self._current.close()
            self._current = None
        self._text.append(self._carry)
        self._carry = ""
        spools, self._spools = self._spools, []
        return "".join(self._text), spools

    def close(self) -> None:
        """Remove every temporary file (an assembly dropped half way)."""
        for spool in self._spools:
            spool.close()
        if self._current is not None:
            self._current.close()
        self._spools, self._current, self._text, self._carry = [], None, [], ""


def attach(data: Any, spools: list[SpooledText]) -> int:
    """Put the spooled values in place of their placeholders (values of "content" keys) in decoded
    ``data``; how many were used."""
    used = 0

    def visit(value: Any) -> None:
        nonlocal used
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "content" and isinstance(item, str) and item.startswith(SPOOL_PREFIX):
                    index = item[len(SPOOL_PREFIX):]
                    if index.isdigit() and int(index) < len(spools):
                        value[key] = spools[int(index)]
                        used += 1
                else:
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(data)
    return used
