"""Upload limits from the first chunk (session/uploads.py, input/files.py ``upload_check``): a
``file_upload`` whose first chunk declares a file over ``max_size`` is refused with the message under
the input, the event counts as processed, and the form takes the next submission."""
from __future__ import annotations

import base64
import json
import time
from typing import Any

from webio.input import file_upload
from webio.protocol import Chunk
from webio.session import ThreadSession
from webio_core.input.files import upload_check

from .conftest import FakeBrowser


def first_chunk(seq: int, task_id: str, size: int, files: Any) -> Chunk:
    head = json.dumps({"event": "from_submit", "task_id": task_id, "seq": seq})[:-1] + ', "data": {"f": {"content": "'
    return Chunk(seq, 0, 100, head + "A" * 1000, size=size, task_id=task_id, files=files)


def test_a_declared_file_over_max_size_is_refused_before_the_rest_arrives() -> None:
    results: list[Any] = []
    session = ThreadSession(lambda: results.append(file_upload("File", max_size="100K")))
    browser = FakeBrowser(session)
    session.start()
    form = browser.wait_command("input_group")
    task_id, name = form["task_id"], form["spec"]["inputs"][0]["name"]
    assert session.add_chunk(first_chunk(1, task_id, 200_000_000, ((name, (150 * 1024 * 1024,)),))) is None
    update = browser.wait_command("update_input")
    assert update["spec"] == {"target_name": name, "attributes": {
        "valid_status": False, "invalid_feedback": "A file is larger than the limit of 100K"}}
    assert session.last_event_seq == 1  # processed: the tab may forget it
    rest = Chunk(1, 1, 100, "A" * 1000)
    assert session.add_chunk(rest) is None  # ignored quietly
    content = base64.b64encode(b"hello").decode()
    browser._seq = 1
    browser.send("from_submit", task_id, {name: {"filename": "a.txt", "content": content, "mime_type": "text/plain",
                                                 "last_modified": 0}})
    deadline = time.monotonic() + 5
    while not results and time.monotonic() < deadline:
        time.sleep(0.01)
    assert results and results[0]["content"] == b"hello"
    session.close()


def test_the_upload_check_bounds_what_an_event_may_carry() -> None:
    check = upload_check([("f", False, 100 * 1024, 0), ("g", True, 0, 1024 * 1024)])
    assert check({"f": (200 * 1024,)}, None).refused_input == "f"
    refused = check({"g": (600 * 1024, 600 * 1024)}, None)
    assert refused.refused_input == "g" and "together (1.2M)" in refused.message
    accepted = check({"f": (1000,), "g": (2000,)}, None)
    assert accepted.refused_input is None and accepted.limit is not None
    assert 4000 < accepted.limit < 4000 + 2 * 1024 * 1024
    undeclared = check(None, None)
    assert undeclared.limit is not None and undeclared.limit < 3 * 1024 * 1024
    assert upload_check([("h", True, 100, 0)])(None, None).limit is None  # no bound for many files
