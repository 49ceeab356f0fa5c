"""What agents can still finish: read off the state machine, for runners deciding to stop."""

from __future__ import annotations

import pytest

from tests.domain.moves import ARGO_CONTENT, ARGO_RESEARCH, BLOG, T0, week_of
from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus
from tracker.domain.outlook import open_tasks
from tracker.domain.statemachine import move
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskKey

S = TaskStatus
DAPR_RESEARCH, DAPR_CONTENT = TaskKey("Dapr", "research"), TaskKey("Dapr", "content")
_FAIL = Request(S.FAILED, error_message="503")
_EXHAUSTED = [
    (ARGO_RESEARCH, _FAIL),
    *[(ARGO_RESEARCH, Request(S.PENDING)), (ARGO_RESEARCH, _FAIL)] * 3,
]


def _moved(*steps: tuple[TaskKey, Request]):
    week = week_of("Argo", "Dapr")
    for key, request in steps:
        move(week, key, request, T0)
    return week


def test_everything_is_open_in_a_fresh_week_in_the_order_it_becomes_possible():
    assert open_tasks(week_of("Argo", "Dapr"), T0) == [
        ARGO_RESEARCH, DAPR_RESEARCH, ARGO_CONTENT, DAPR_CONTENT, BLOG,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # In progress elsewhere: it (and what waits on it) can still be finished.
        ([(ARGO_RESEARCH, Request(S.IN_PROGRESS))],
         [ARGO_RESEARCH, DAPR_RESEARCH, ARGO_CONTENT, DAPR_CONTENT, BLOG]),
        # Failed with retries left: open; done: settled.
        ([(ARGO_RESEARCH, _FAIL), (DAPR_RESEARCH, Request(S.COMPLETED))],
         [ARGO_RESEARCH, DAPR_CONTENT, ARGO_CONTENT, BLOG]),
        # Failed with no retry left: it, the content waiting on it and the blog post are not.
        (_EXHAUSTED, [DAPR_RESEARCH, DAPR_CONTENT]),
        # Skipped research blocks its content; a skipped content does not block the week.
        ([(ARGO_RESEARCH, Request(S.SKIPPED)), (DAPR_CONTENT, Request(S.SKIPPED))],
         [DAPR_RESEARCH]),
        ([(ARGO_CONTENT, Request(S.SKIPPED))], [ARGO_RESEARCH, DAPR_RESEARCH, DAPR_CONTENT, BLOG]),
    ],
)  # fmt: skip
def test_what_is_settled_and_what_it_blocks(steps, expected):
    assert open_tasks(_moved(*steps), T0) == expected


def test_removed_items_and_a_week_without_items_leave_nothing_open():
    week = sync_items(week_of("Argo"), "A", [], T0, allow_mass_removal=True)[0]
    assert open_tasks(week, T0) == []


def test_the_week_is_not_changed():
    week = week_of("Argo")
    before = week.model_copy(deep=True)
    open_tasks(week, T0)
    assert week == before
