"""Layer 1: commands are batched into numbered frames, kept until acknowledged, replayed on resume."""
import json

from webio.protocol import OutboundStream, command, parse_size


def test_push_wakes_once_per_batch_and_seal_numbers_frames():
    stream = OutboundStream()
    assert stream.push(command("output", {"type": "text", "content": "a"})) is True
    assert stream.push(command("output", {"type": "text", "content": "b"})) is False
    frame = stream.seal(ack=3)
    assert frame.seq == 1
    decoded = json.loads(frame.text)
    assert decoded["seq"] == 1 and decoded["ack"] == 3
    assert [c["spec"]["content"] for c in decoded["commands"]] == ["a", "b"]
    assert stream.seal() is None
    assert stream.push(command("toast", {"content": "c"})) is True
    assert stream.seal().seq == 2


def test_text_is_utf8_not_escaped():
    stream = OutboundStream()
    stream.push(command("output", {"type": "text", "content": "héllo 你好"}))
    assert "你好" in stream.seal().text


def test_ack_forgets_and_replay_resends_the_rest():
    stream = OutboundStream()
    for i in range(5):
        stream.push(command("output", {"n": i}))
        stream.seal()
    stream.acknowledge(2)
    assert [f.seq for f in stream.replay(2)] == [3, 4, 5]
    assert [f.seq for f in stream.replay(4)] == [5]
    assert stream.can_resume_from(2)
    stream.acknowledge(99)  # beyond what was sent: clamps
    assert stream.replay(0) == [] and stream.acked_seq == 5


def test_resume_is_refused_when_frames_were_dropped_for_size():
    stream = OutboundStream(max_retained=2)
    for i in range(5):
        stream.push(command("output", {"n": i}))
        stream.seal()
    assert not stream.can_resume_from(1)
    assert stream.can_resume_from(3)


def test_parse_size():
    assert parse_size(500) == 500
    assert parse_size("500") == 500
    assert parse_size("40K") == 40 * 1024
    assert parse_size("3M") == 3 * 1024 * 1024
    assert parse_size("1.5g") == int(1.5 * 1024 ** 3)
    assert parse_size("2MB") == 2 * 1024 * 1024
    import pytest
    for bad in ("lots", "-1", "", True):
        with pytest.raises(ValueError, match="size"):
            parse_size(bad)
