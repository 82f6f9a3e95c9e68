"""Sizes: reading human ones such as ``'40K'``, ``'3M'``, ``'1.5G'`` (powers of 1024), showing them
to users, and counting the UTF-8 bytes of a text."""
from __future__ import annotations

# The size limits every endpoint defaults to (transport/settings.py), in the notation users pass;
# the plugins' signatures name these, so each default is written once.
DEFAULT_MAX_PAYLOAD_SIZE = "200M"
# Output of one session the browser has not acknowledged yet, past which the app waits (backpressure).
DEFAULT_MAX_BUFFERED_OUTPUT = "8M"
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}


def parse_size(size: int | float | str) -> int:
    """Return a size in bytes: ``parse_size('40K') == 40960``, ``parse_size(500) == 500``."""
    if isinstance(size, bool):
        raise ValueError(f"size must be a number of bytes or a string like '40K', '3M', not {size!r}")
    if isinstance(size, (int, float)):
        if size < 0:
            raise ValueError(f"size must not be negative, got {size!r}")
        return int(size)
    text = str(size).strip().upper()
    if text.endswith("B") and len(text) > 1 and text[-2] in "KMGT":
        text = text[:-1]
    unit = text[-1:] if text[-1:] in "KMGTB" else ""
    number = text[: len(text) - len(unit)].strip()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(
            f"cannot read the size {size!r}: use a number of bytes or a string like '500', '40K', '3M', '1G'"
        ) from None
    if value < 0:
        raise ValueError(f"size must not be negative, got {size!r}")
    return int(value * _UNITS[unit])


def format_size(size: int) -> str:
    """A size for a message to the user, as the browser client writes it too: ``1024`` → ``'1 KiB'``,
    ``1536`` → ``'1.5 KiB'``, ``500`` → ``'500 bytes'``. (``webio.input.files.human_size`` writes sizes
    as an app gives them to ``parse_size``: ``'40K'``.)"""
    units = ("bytes", "KiB", "MiB", "GiB", "TiB")
    power = 0
    while power < len(units) - 1 and size >= 1024 ** (power + 1):
        power += 1
    number = f"{size / 1024 ** power:.1f}".removesuffix(".0")
    return f"{number} {units[power]}"


def utf8_size(text: str) -> int:
    """The bytes ``text`` takes in UTF-8 (lone surrogates counted as three, as they would be sent)."""
    return len(text.encode("utf-8", "surrogatepass"))
