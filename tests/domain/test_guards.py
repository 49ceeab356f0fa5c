"""Each guard refuses what it should, with its error, before anything changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.moves import ARGO_CONTENT, ARGO_RESEARCH, BLOG, T0, record, set_status, week_of
from tracker.domain.guards import Request, blocked, refusal
from tracker.domain.models import TaskStatus
from tracker.domain.statemachine import move
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.transitions import (
    Guard,
    retries_left,
)
from tracker.exceptions import (
    ClaimLostError,
    DependencyNotMetError,
    InvalidTaskTypeError,
    InvalidTransitionError,
    ItemNotFoundError,
    ItemRemovedError,
    LeaseError,
    RetriesExhaustedError,
    TrackerError,
)

S = TaskStatus


def test_retry_limit_holds_for_start_as_for_retry():
    """Five start/fail rounds used to leave retry_count 5 against a limit of 3."""
    week = week_of("Argo")
    limit = TASK_TYPES["research"].max_retries
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
    set_status(week, ARGO_RESEARCH, S.FAILED, error_message="boom")
    for attempt in range(1, limit + 1):
        set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
        assert record(week, ARGO_RESEARCH).retry_count == attempt
        set_status(week, ARGO_RESEARCH, S.FAILED, error_message="boom")
    for target in (S.IN_PROGRESS, S.PENDING):
        with pytest.raises(RetriesExhaustedError, match="used its 3 retries"):
            set_status(week, ARGO_RESEARCH, target)
    assert record(week, ARGO_RESEARCH).retry_count == limit
    set_status(week, ARGO_RESEARCH, S.PENDING, force=True)
    assert record(week, ARGO_RESEARCH).retry_count == limit + 1
    assert retries_left(limit + 1, TASK_TYPES["research"]) == 0


@pytest.mark.parametrize("target", [S.IN_PROGRESS, S.COMPLETED])
def test_dependencies_are_a_guard_of_start_and_complete(target: S):
    week = week_of("Argo")
    with pytest.raises(DependencyNotMetError, match="research of 'Argo' is pending"):
        set_status(week, ARGO_CONTENT, target)
    assert record(week, ARGO_CONTENT).status is S.PENDING


def test_removed_items_cannot_become_active_but_can_be_closed():
    week = sync_items(week_of("Argo", "Dapr"), "A", ["Dapr"], T0)[0]
    with pytest.raises(ItemRemovedError):
        set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
    set_status(week, ARGO_RESEARCH, S.SKIPPED)


def test_failure_needs_an_error_message_and_completed_work_is_not_failed():
    week = week_of("Argo")
    with pytest.raises(InvalidTransitionError, match="needs an error message"):
        set_status(week, ARGO_RESEARCH, S.FAILED)
    set_status(week, ARGO_RESEARCH, S.COMPLETED)
    with pytest.raises(InvalidTransitionError, match="completed task cannot become failed"):
        set_status(week, ARGO_RESEARCH, S.FAILED, error_message="late")


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "C:\\x", "a/\x1b[2Jb"])
def test_unsafe_output_files_are_refused_when_written(path: str):
    week = week_of("Argo")
    with pytest.raises(InvalidTransitionError, match="is not allowed"):
        set_status(week, ARGO_RESEARCH, S.COMPLETED, output_file=path)


_FAIL = Request(S.FAILED, error_message="x")
_CLAIM = Request(S.IN_PROGRESS, agent="bot", lease=timedelta(hours=1))


@pytest.mark.parametrize(
    ("moves", "key", "asked", "guard", "error"),
    [
        ([], ARGO_CONTENT, S.IN_PROGRESS, Guard.DEPENDENCIES, DependencyNotMetError),
        ([Request(S.SKIPPED)], BLOG, S.IN_PROGRESS, Guard.DEPENDENCIES, DependencyNotMetError),
        ([], ARGO_RESEARCH, S.FAILED, Guard.ERROR_MESSAGE, InvalidTransitionError),
        ([_CLAIM], ARGO_RESEARCH, S.PENDING, Guard.UNCLAIMED, LeaseError),
        ([_FAIL, *[Request(S.PENDING), _FAIL] * 3], ARGO_RESEARCH, S.PENDING, Guard.RETRY_LEFT,
         RetriesExhaustedError),
    ],
)  # fmt: skip
def test_blocked_names_the_guard_that_does_not_hold_and_refusal_its_error(
    moves, key, asked, guard, error
):
    """``moves`` are made on research of Argo first."""
    week = week_of("Argo")
    for step in moves:
        move(week, ARGO_RESEARCH, step, T0)
    found = blocked(week, key, Request(asked), T0)
    refused = refusal(week, key, Request(asked), T0)
    assert found is not None and (found.guard, type(found.error)) == (guard, error)
    assert type(refused) is error and str(refused) == str(found.error)


def test_a_transition_that_is_not_declared_is_blocked_without_a_guard():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.COMPLETED)
    found = blocked(week, ARGO_RESEARCH, _FAIL, T0)
    assert found is not None and found.guard is None
    assert "completed task cannot become failed" in str(found.error)


def test_blocked_is_none_when_the_move_may_go_on():
    week = week_of("Argo")
    assert blocked(week, ARGO_RESEARCH, Request(S.IN_PROGRESS), T0) is None
    assert blocked(week, ARGO_RESEARCH, Request(S.PENDING), T0) is None  # a no-op


def test_blocked_on_a_removed_item_names_the_item_guard():
    week = sync_items(week_of("Argo", "Dapr"), "A", ["Dapr"], T0)[0]
    found = blocked(week, ARGO_RESEARCH, Request(S.IN_PROGRESS), T0)
    assert found is not None and found.guard is Guard.ITEM_ACTIVE


def test_a_claim_held_by_another_agent_can_only_be_moved_by_force():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot-1", lease=timedelta(hours=1))
    for agent in ("bot-2", None):
        with pytest.raises(LeaseError, match="claimed by 'bot-1' until 2026-11-02T10:00:00Z"):
            set_status(week, ARGO_RESEARCH, S.COMPLETED, agent=agent)
    set_status(week, ARGO_RESEARCH, S.FAILED, agent="bot-1", error_message="boom")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot-1", lease=timedelta(hours=1))
    set_status(week, ARGO_RESEARCH, S.PENDING, force=True)
    assert record(week, ARGO_RESEARCH).status is S.PENDING


@pytest.mark.parametrize(
    ("key", "error"),
    [
        (TaskKey(None, "research"), InvalidTaskTypeError),
        (TaskKey("Argo", "blog_post"), InvalidTaskTypeError),
        (TaskKey("Argo", "review"), InvalidTaskTypeError),
        (TaskKey("Nope", "research"), ItemNotFoundError),
        (TaskKey(5, "research"), ItemNotFoundError),  # type: ignore[arg-type]
        (TaskKey("Argo", None), InvalidTaskTypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_targets(key: TaskKey, error: type[TrackerError]):
    with pytest.raises(error):
        set_status(week_of("Argo"), key, S.IN_PROGRESS)


@pytest.mark.parametrize(
    ("moves", "shown"),
    [
        ([], "it is pending"),  # reclaimed, or reset by a person
        ([_CLAIM], "it is in_progress by 'bot'"),  # taken over by another agent
        ([Request(S.IN_PROGRESS, agent="me"), Request(S.COMPLETED, agent="me")],
         "it is completed by 'me'"),  # finished already: never twice
    ],
)  # fmt: skip
def test_an_agent_finishing_its_claim_must_still_hold_it(moves, shown):
    week = week_of("Argo")
    for step in moves:
        move(week, ARGO_RESEARCH, step, T0)
    for target in (S.COMPLETED, S.FAILED, S.PENDING):
        asked = Request(target, agent="me", error_message="x", own_claim=True)
        found = blocked(week, ARGO_RESEARCH, asked, T0)
        assert found is not None and found.guard is None
        assert type(found.error) is ClaimLostError
        assert str(found.error).endswith(f"'me' no longer holds its claim ({shown})")
    move(week, ARGO_RESEARCH, Request(S.IN_PROGRESS, agent="me", force=True), T0)
    done = Request(S.COMPLETED, agent="me", own_claim=True)
    assert move(week, ARGO_RESEARCH, done, T0)[0].after.status is S.COMPLETED
