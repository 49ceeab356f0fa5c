from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.models import TaskRecord, TaskStatus
from tracker.domain.statemachine import default_output_file, new_record, transition
from tracker.domain.tasktypes import TASK_TYPES
from tracker.exceptions import InvalidTransitionError

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
T1 = datetime(2026, 11, 2, 10, tzinfo=UTC)
RESEARCH = TASK_TYPES["research"]


def move(record: TaskRecord, status: TaskStatus, now: datetime = T1, **kw: str) -> TaskRecord:
    return transition(
        record, status, now=now, config=RESEARCH, week_letter="A", item_name="Argo", **kw
    )


def test_start_sets_started_at_and_default_agent():
    record = move(TaskRecord(), TaskStatus.IN_PROGRESS, T0)
    assert (record.status, record.started_at, record.agent) == (
        TaskStatus.IN_PROGRESS,
        T0,
        "researcher",
    )


def test_complete_sets_completed_at_and_output_from_pattern():
    started = move(new_record(RESEARCH), TaskStatus.IN_PROGRESS, T0)
    done = move(started, TaskStatus.COMPLETED)
    assert done.started_at == T0 and done.completed_at == T1
    assert done.output_file == "research/argo.yaml"
    assert move(started, TaskStatus.COMPLETED, output_file="x/y.yaml").output_file == "x/y.yaml"


def test_failed_needs_and_keeps_error_message():
    with pytest.raises(InvalidTransitionError):
        move(TaskRecord(), TaskStatus.FAILED)
    failed = move(TaskRecord(), TaskStatus.FAILED, error_message="boom")
    assert failed.error_message == "boom"


def test_retry_counts_only_from_failed_and_survives_everything():
    failed = move(TaskRecord(), TaskStatus.FAILED, error_message="boom")
    retried = move(failed, TaskStatus.IN_PROGRESS)
    assert retried.retry_count == 1 and retried.error_message is None
    assert move(retried, TaskStatus.IN_PROGRESS).retry_count == 1
    for status in (TaskStatus.COMPLETED, TaskStatus.PENDING, TaskStatus.SKIPPED):
        assert move(retried, status).retry_count == 1


def test_pending_clears_start_and_finish_data():
    done = move(move(TaskRecord(), TaskStatus.IN_PROGRESS, T0), TaskStatus.COMPLETED)
    reset = move(done, TaskStatus.PENDING)
    assert (reset.started_at, reset.completed_at, reset.output_file, reset.error_message) == (
        None, None, None, None,
    )  # fmt: skip


def test_explicit_agent_wins_and_is_kept():
    claimed = move(TaskRecord(), TaskStatus.IN_PROGRESS, agent="researcher-7")
    assert move(claimed, TaskStatus.COMPLETED).agent == "researcher-7"


def test_week_level_output_pattern():
    assert default_output_file(TASK_TYPES["blog_post"], "C", None) == "blog/02-C.md"
