"""Large events in chunks (docs/protocol.md): over 256 KiB an event goes out as slices of its JSON
text, no message over 256 KiB, in order, and the server gets exactly the event; small events go whole.
A socket lost mid-event sends it again from the first chunk; over HTTP a chunk whose answer was lost
is sent again."""

from __future__ import annotations

import json
from typing import Any

from .conftest import cmd

CHUNK_BYTES = 256 * 1024
MIB = 1024 * 1024
# Every kind of character the slicing must not break: ASCII, 2 and 3 bytes, surrogate pairs, escapes.
AWKWARD = 'aé€🙂"\\\n'


def note_form(h: Any) -> Any:
    h.send(cmd("set_session_id", "SID-chunks"),
           cmd("input_group", {"label": "Note", "inputs": [{"type": "textarea", "name": "note", "label": "Your note"}]},
               task_id="form"))
    h.settle()
    return h.page.locator("#webio-input-container")


def submit_note(h: Any, panel: Any, text: str) -> None:
    # fill() of a few MB through the keyboard path is slow; set the value as a paste would.
    panel.get_by_label("Your note").evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", text)
    panel.get_by_role("button", name="Submit", exact=True).click()


def test_a_large_event_goes_in_chunks_and_arrives_whole(make_harness: Any) -> None:
    h = make_harness(max_payload_size=20 * MIB)
    panel = note_form(h)
    text = AWKWARD * 60_000  # about 900 KiB of JSON
    submit_note(h, panel, text)
    ev = h.server.event(name="from_submit", timeout=10)
    assert ev["data"] == {"note": text} and ev["seq"] == 1
    seqs, indexes, counts = zip(*h.server.chunks)
    assert set(seqs) == {1} and list(indexes) == list(range(len(indexes))) and set(counts) == {len(indexes)}
    assert len(indexes) >= 4 and max(h.server.chunk_sizes) <= CHUNK_BYTES
    submit_note(h, panel, "short")  # a small event goes whole, as before
    assert h.server.event(name="from_submit")["data"] == {"note": "short"}
    assert len(h.server.chunks) == len(indexes)
    assert not h.errors()


def test_a_socket_cut_mid_event_sends_it_again_from_the_first_chunk(make_harness: Any) -> None:
    h = make_harness(reconnect_timeout=10, max_payload_size=20 * MIB)
    panel = note_form(h)
    h.server.cut_at_chunk = 2
    text = "x" * (2 * MIB)
    submit_note(h, panel, text)
    h.server.wait_connected(count=2)
    assert h.server.connects[-1]["session"] == "SID-chunks"
    assert h.server.event(name="from_submit", timeout=10)["data"] == {"note": text}
    indexes = [index for _, index, _ in h.server.chunks]
    assert indexes[:3] == [0, 1, 2] and indexes[3:] == list(range(indexes[-1] + 1))  # again from 0
    assert h.page.locator(".webio-toast").count() == 0  # nothing was dropped
    h.server.no_event()


def test_http_a_large_event_goes_one_chunk_per_request_and_a_lost_answer_resends_that_chunk(make_harness: Any) -> None:
    h = make_harness(transport="http", max_payload_size=20 * MIB)
    panel = note_form(h)
    h.server.lose_reply_at_chunk = 1
    text = AWKWARD * 60_000
    submit_note(h, panel, text)
    assert h.server.event(name="from_submit", timeout=15)["data"] == {"note": text}
    indexes = [index for _, index, _ in h.server.chunks]
    assert indexes[:3] == [0, 1, 1] and indexes[2:] == list(range(1, indexes[-1] + 1))
    assert max(h.server.chunk_sizes) <= CHUNK_BYTES
    h.server.no_event()
    submit_note(h, panel, "short")
    assert h.server.event(name="from_submit")["data"] == {"note": "short"}



def test_an_upload_declares_its_sizes_in_the_first_chunk_and_a_refusal_shows_under_the_input(
        make_harness: Any, tmp_path: Any) -> None:
    """The first chunk declares the event's size, task id and file sizes, so the server can refuse
    an upload before the rest arrives; its refusal (an ``update_input``) shows under the input and
    the form goes on."""
    h = make_harness(max_payload_size=20 * MIB)
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x00\xff" * 300_000)
    h.send(cmd("set_session_id", "SID-upload"),
           cmd("input_group", {"label": "Upload", "inputs": [{"type": "file", "name": "f", "label": "File"}]},
               task_id="form"))
    h.settle()
    panel = h.page.locator("#webio-input-container")
    panel.get_by_label("File").set_input_files(str(big))
    panel.get_by_role("button", name="Submit", exact=True).click()
    event = h.server.event(name="from_submit", timeout=10)
    [declared] = h.server.declared
    assert declared["task_id"] == "form" and declared["files"] == {"f": [600_000]}
    text = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    assert declared["size"] >= 800_000 and declared["count"] == len(h.server.chunks)
    assert abs(declared["size"] - len(text.encode())) < 200  # the text as the browser wrote it
    h.send(cmd("update_input", {"target_name": "f", "attributes": {
        "valid_status": False, "invalid_feedback": "A file is larger than the limit of 100K"}}, task_id="form"))
    h.settle()
    assert panel.get_by_text("A file is larger than the limit of 100K").is_visible()
    small = tmp_path / "small.txt"
    small.write_bytes(b"hello")
    panel.get_by_label("File").set_input_files(str(small))
    panel.get_by_role("button", name="Submit", exact=True).click()
    assert h.server.event(name="from_submit")["data"]["f"]["filename"] == "small.txt"
    assert not h.errors()


def test_over_http_an_upload_refused_from_its_first_chunk_sends_no_more_chunks(
        make_harness: Any, tmp_path: Any) -> None:
    """The server answers the first chunk with the refusal and an ack of the event: the tab stops
    sending that event, shows the message under the input, and the form goes on."""
    h = make_harness(transport="http", max_payload_size=20 * MIB)
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x01" * 900_000)

    def refuse(chunk: dict[str, Any]) -> None:
        h.server.send(cmd("update_input", {"target_name": "f", "attributes": {
            "valid_status": False, "invalid_feedback": "A file is larger than the limit of 100K"}}, task_id="form"),
            ack=chunk["seq"])

    h.server.on_first_chunk = refuse
    h.send(cmd("set_session_id", "SID-upload"),
           cmd("input_group", {"label": "Upload", "inputs": [{"type": "file", "name": "f", "label": "File"}]},
               task_id="form"))
    h.settle()
    panel = h.page.locator("#webio-input-container")
    panel.get_by_label("File").set_input_files(str(big))
    panel.get_by_role("button", name="Submit", exact=True).click()
    panel.get_by_text("A file is larger than the limit of 100K").wait_for()
    h.server.no_event(0.5)
    assert [index for _, index, _ in h.server.chunks] == [0]  # nothing after the refusal
    assert h.server.declared[0]["files"] == {"f": [900_000]}
    small = tmp_path / "small.txt"
    small.write_bytes(b"hello")
    panel.get_by_label("File").set_input_files(str(small))
    panel.get_by_role("button", name="Submit", exact=True).click()
    assert h.server.event(name="from_submit")["data"]["f"]["filename"] == "small.txt"
    assert not h.errors()
