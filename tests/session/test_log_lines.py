"""Log lines about a session name it by its short id; ``debug=True`` logs the wire at DEBUG."""
from __future__ import annotations

import logging

import pytest

from webio.output import put_text
from webio.session.ids import short_id
from webio.testing import run_app


def test_debug_sessions_log_commands_and_events_with_the_short_id(caplog: pytest.LogCaptureFixture) -> None:
    from webio.input import input

    def app() -> None:
        put_text("hello " + input("name?"))

    caplog.set_level(logging.DEBUG, logger="webio.session.wire")
    with run_app(app, debug=True) as client:
        client.submit("Ada")
        assert "hello Ada" in client.text
        sid = short_id(client.session.id)
    wire = [r.getMessage() for r in caplog.records if r.name == "webio.session.wire"]
    assert any(f"session {sid}: sent" in line and "name?" in line for line in wire), wire
    assert any(f"session {sid}: received" in line and "Ada" in line for line in wire), wire
    assert sid and "." not in sid


def test_without_debug_the_wire_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="webio.session.wire")
    with run_app(lambda: put_text("quiet"), debug=False) as client:
        assert "quiet" in client.text
    assert [r for r in caplog.records if r.name == "webio.session.wire"] == []


def test_a_rejected_event_is_logged_with_the_short_id_not_the_worker_prefix(caplog: pytest.LogCaptureFixture) -> None:
    from webio.protocol import Event
    from webio.rejections import reset_log_budget

    reset_log_budget()
    caplog.set_level(logging.INFO, logger="webio.session")
    from webio.input import input

    with run_app(lambda: input("name?"), debug=False) as client:
        client.session.dispatch(Event("js_yield", "no-such-task", None))
        sid, owner = short_id(client.session.id), client.session.id.split(".")[0]
    lines = [r.getMessage() for r in caplog.records if "no-such-task" in r.getMessage()]
    assert lines and f"session {sid}:" in lines[0] and owner[:8] not in lines[0], lines
