"""Upload limits checked as an event's chunks arrive, before the event is assembled.

A form with file inputs registers an ``UploadCheck`` for its task (``Session.check_uploads``). When
the first chunk of a large event for that task arrives, the session asks it, with what the chunk
declares (the byte sizes of the files per input, the event's size), for an ``UploadVerdict``:
refuse now (with the message the user sees under the input), or accept with a byte limit for the
event's text, so a browser that declares less than it sends is cut off as soon as it passes it.

Example::

    session.check_uploads(task_id, lambda files, size: UploadVerdict(limit=2_000_000))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

# Declared files: input name -> byte size of each file (absent when the browser declared nothing).
DeclaredFiles = Optional[Mapping[str, tuple[int, ...]]]

_TASK_ID = re.compile(r'"task_id"\s*:\s*"([A-Za-z0-9_-]{1,64})"')


@dataclass(frozen=True)
class UploadVerdict:
    """Go on with at most ``limit`` bytes of event text (None: ``max_payload_size``), or refuse:
    ``refused_input`` names the input whose ``message`` the user sees."""

    limit: Optional[int] = None
    refused_input: Optional[str] = None
    message: str = ""


UploadCheck = Callable[[DeclaredFiles, Optional[int]], UploadVerdict]


def task_id_in(head: str) -> Optional[str]:
    """The ``task_id`` near the start of an event's JSON text (its first chunk), if one is there."""
    found = _TASK_ID.search(head[:4096])
    return found.group(1) if found else None
