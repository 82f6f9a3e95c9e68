"""The lifecycle table (session/state.py): every allowed move succeeds, every other one is refused
with an ``IllegalTransition`` naming the state found and the states the move needs."""
from __future__ import annotations

import itertools

import pytest

from webio.session.state import (Attachment, ConnectionState, IllegalTransition, SessionState, allowed,
                                 check_transition, move)

ALLOWED = {
    (SessionState.RUNNING, SessionState.HOLDING), (SessionState.RUNNING, SessionState.CLOSED),
    (SessionState.HOLDING, SessionState.CLOSED),
    (Attachment.ATTACHED, Attachment.ATTACHED), (Attachment.ATTACHED, Attachment.DETACHED),
    (Attachment.ATTACHED, Attachment.CLOSED), (Attachment.DETACHED, Attachment.ATTACHED),
    (Attachment.DETACHED, Attachment.CLOSED),
    (ConnectionState.OPEN, ConnectionState.CLOSING), (ConnectionState.OPEN, ConnectionState.REPLACED),
    (ConnectionState.OPEN, ConnectionState.CLOSED), (ConnectionState.CLOSING, ConnectionState.CLOSED),
    (ConnectionState.REPLACED, ConnectionState.CLOSED),
}
ALL_PAIRS = [pair for machine in (SessionState, Attachment, ConnectionState)
             for pair in itertools.product(list(machine), repeat=2)]


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED, key=str))
def test_allowed_moves_succeed(current, target):
    assert allowed(current, target)
    assert move(current, target) is target


@pytest.mark.parametrize(("current", "target"), sorted(set(ALL_PAIRS) - ALLOWED, key=str))
def test_refused_moves_name_the_expected_and_the_actual_state(current, target):
    assert not allowed(current, target)
    with pytest.raises(IllegalTransition) as caught:
        move(current, target)
    error = caught.value
    assert error.actual is current and error.target is target
    assert error.expected == [state for state in type(current) if (state, target) in ALLOWED]
    assert f"from {current.name}" in str(error) and f"cannot move to {target.name}" in str(error)


def test_closed_is_final_in_every_machine():
    for machine in (SessionState, Attachment, ConnectionState):
        closed = machine["CLOSED"]
        assert not any(allowed(closed, target) for target in machine)


def test_the_app_lifecycle_check_is_a_runtime_error_for_old_callers():
    check_transition(SessionState.RUNNING, SessionState.HOLDING)
    with pytest.raises(RuntimeError, match="expected one of: RUNNING, HOLDING"):
        check_transition(SessionState.CLOSED, SessionState.CLOSED)


def test_a_session_detached_past_its_deadline_closes_and_a_resumed_one_does_not():
    from webio.session import ThreadSession
    from webio.session.state import CloseReason

    resumed, abandoned = ThreadSession(None), ThreadSession(None)
    for session in (resumed, abandoned):
        session.detach(grace_seconds=30)
        assert session.attachment is Attachment.DETACHED
    resumed.attach()
    assert resumed.attachment is Attachment.ATTACHED
    assert not abandoned.close_if_abandoned(now=0)  # before the deadline
    far_future = 10 ** 12
    assert not resumed.close_if_abandoned(now=far_future) and not resumed.closed
    assert abandoned.close_if_abandoned(now=far_future)
    assert abandoned.closed and abandoned.attachment is Attachment.CLOSED
    assert abandoned.close_reason is CloseReason.BROWSER_LEFT
    with pytest.raises(IllegalTransition, match="from CLOSED"):
        abandoned.attach()


def test_an_old_connection_lost_after_a_new_one_attached_leaves_the_session_attached():
    # Several workers: the tab's new socket attaches on one worker before the loss of its old
    # socket is seen on another; the late loss must not leave the served session "detached".
    from webio.session import ThreadSession

    session = ThreadSession(None)
    session.attach()  # the new connection (the opening one still counts)
    session.detach(grace_seconds=30)  # the old one's loss, seen late
    assert session.attachment is Attachment.ATTACHED
    assert not session.close_if_abandoned(now=10 ** 12)
    session.detach(grace_seconds=30)  # the new one is lost too
    assert session.attachment is Attachment.DETACHED
    session.close()
