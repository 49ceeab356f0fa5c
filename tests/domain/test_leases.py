"""Leases: who holds a task, until when, and what a lapsed claim allows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.moves import ARGO_CONTENT, ARGO_RESEARCH, T0, record, set_status, week_of
from tracker.domain.guards import Request
from tracker.domain.leases import expired_leases, held, lease_end
from tracker.domain.models import TaskStatus
from tracker.domain.statemachine import move
from tracker.exceptions import InvalidTransitionError

S = TaskStatus


def test_an_expired_claim_holds_nobody_back():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot-1", lease=timedelta(minutes=1))
    move(week, ARGO_RESEARCH, Request(S.COMPLETED, agent="bot-2"), T0 + timedelta(minutes=1))
    assert record(week, ARGO_RESEARCH).agent == "bot-2"


@pytest.mark.parametrize("lease", [timedelta(seconds=-1), timedelta(days=999_999_000)])
def test_leases_that_cannot_be_are_transition_errors(lease: timedelta):
    week = week_of("Argo")
    with pytest.raises(InvalidTransitionError, match="lease"):
        set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, lease=lease)


def test_a_lease_holds_until_the_instant_it_ends_and_not_at_it():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot", lease=timedelta(minutes=10))
    claimed = record(week, ARGO_RESEARCH)
    end = T0 + timedelta(minutes=10)
    assert held(claimed, end - timedelta(microseconds=1))
    assert not held(claimed, end)
    assert expired_leases(week, end - timedelta(microseconds=1)) == []
    assert expired_leases(week, end) == [(ARGO_RESEARCH, claimed)]


def test_work_in_progress_without_a_lease_is_neither_held_nor_expired():
    """A person's ``tracker start`` takes no lease: nobody may reclaim it."""
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
    assert not held(record(week, ARGO_RESEARCH), T0)
    assert expired_leases(week, T0 + timedelta(days=365)) == []
    assert not held(record(week, ARGO_CONTENT), T0)  # pending


@pytest.mark.parametrize("lease", [timedelta(minutes=-5), "10m", 600])
def test_lease_end_refuses_what_is_not_a_lease(lease: object):
    with pytest.raises(InvalidTransitionError, match="lease"):
        lease_end(T0, lease)  # type: ignore[arg-type]
