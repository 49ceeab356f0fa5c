"""Moves: the effects of each transition, cascades, renewals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.moves import ARGO_CONTENT, ARGO_RESEARCH, BLOG, T0, record, set_status, week_of
from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus
from tracker.domain.statemachine import move, renew
from tracker.domain.transitions import (
    REQUIRED_FIELDS,
    TRANSITIONS,
)
from tracker.exceptions import (
    DependentsActiveError,
    LeaseError,
)

S = TaskStatus


def test_effects_always_meet_the_required_fields():
    for (source, target), transition in TRANSITIONS.items():
        week = week_of("Argo")
        key = ARGO_RESEARCH
        if source is not S.PENDING:
            set_status(week, key, source, error_message="boom")
        set_status(week, key, target, error_message="boom")
        after = record(week, key)
        for field in REQUIRED_FIELDS.get(target, ()):
            assert getattr(after, field), (transition, field)


def test_start_complete_fail_and_reset_effects():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="researcher-7")
    started = record(week, ARGO_RESEARCH)
    assert (started.started_at, started.agent, started.completed_at) == (T0, "researcher-7", None)
    later = T0 + timedelta(minutes=5)
    move(week, ARGO_RESEARCH, Request(S.COMPLETED), later)
    done = record(week, ARGO_RESEARCH)
    assert (done.completed_at, done.output_file, done.agent) == (
        later, "research/argo.yaml", "researcher-7",
    )  # fmt: skip
    set_status(week, ARGO_RESEARCH, S.PENDING)
    reset = record(week, ARGO_RESEARCH)
    assert (reset.started_at, reset.completed_at, reset.output_file) == (None, None, None)


def test_week_level_output_pattern():
    week = week_of("Argo")
    for key in (ARGO_RESEARCH, ARGO_CONTENT):
        set_status(week, key, S.COMPLETED)
    set_status(week, BLOG, S.COMPLETED)
    assert record(week, BLOG).output_file == "blog/00-A.md"


def test_claim_sets_a_lease_and_every_other_move_clears_it():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot", lease=timedelta(minutes=30))
    assert record(week, ARGO_RESEARCH).lease_expires_at == T0 + timedelta(minutes=30)
    set_status(week, ARGO_RESEARCH, S.COMPLETED, agent="bot")
    assert record(week, ARGO_RESEARCH).lease_expires_at is None


def test_no_ops_change_and_record_nothing():
    week = week_of("Argo")
    assert set_status(week, ARGO_RESEARCH, S.PENDING) == []
    set_status(week, ARGO_RESEARCH, S.SKIPPED)
    assert set_status(week, ARGO_RESEARCH, S.SKIPPED) == []


def test_retry_count_survives_every_later_transition():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.FAILED, error_message="boom")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
    for status in (S.IN_PROGRESS, S.COMPLETED, S.PENDING, S.SKIPPED):
        set_status(week, ARGO_RESEARCH, status)
        assert record(week, ARGO_RESEARCH).retry_count == 1


def test_undoing_work_with_active_dependents_is_refused_unless_cascading():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.COMPLETED)
    set_status(week, ARGO_CONTENT, S.IN_PROGRESS, agent="writer-1", lease=timedelta(hours=1))
    before = week.model_copy(deep=True)
    with pytest.raises(DependentsActiveError, match="content of 'Argo'"):
        set_status(week, ARGO_RESEARCH, S.PENDING)
    assert week == before
    changes = set_status(week, ARGO_RESEARCH, S.PENDING, cascade=True)
    assert [c.key for c in changes] == [ARGO_RESEARCH, ARGO_CONTENT]
    assert changes[1].reason == "cascade: research of 'Argo' reset"


def test_unskipping_content_under_a_running_blog_post_is_refused():
    """Skipped content counts as done for the fan-in; leaving it would break the blog post."""
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.COMPLETED)
    set_status(week, ARGO_CONTENT, S.SKIPPED)
    set_status(week, BLOG, S.IN_PROGRESS)
    for target in (S.PENDING, S.IN_PROGRESS):
        with pytest.raises(DependentsActiveError, match="the week's blog_post"):
            set_status(week, ARGO_CONTENT, target)
    assert [c.key for c in set_status(week, ARGO_CONTENT, S.PENDING, cascade=True)] == [
        ARGO_CONTENT, BLOG,
    ]  # fmt: skip


def test_renew_is_for_the_holder_only():
    week = week_of("Argo")
    with pytest.raises(LeaseError, match="it is pending"):
        renew(week, ARGO_RESEARCH, agent="bot", lease=timedelta(hours=1), now=T0)
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot", lease=timedelta(minutes=5))
    with pytest.raises(LeaseError, match="claimed by 'bot', not 'other'"):
        renew(week, ARGO_RESEARCH, agent="other", lease=timedelta(hours=1), now=T0)
    renewed = renew(week, ARGO_RESEARCH, agent="bot", lease=timedelta(hours=1), now=T0)
    assert renewed.lease_expires_at == T0 + timedelta(hours=1)
