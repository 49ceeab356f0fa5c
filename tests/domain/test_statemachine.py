"""The state machine: the declaration, each guard, and the effects on the record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import REPO_ROOT
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.statemachine import (
    NO_OPS,
    REQUIRED_FIELDS,
    TRANSITIONS,
    Guard,
    Request,
    blocked,
    move,
    parse_status,
    refusal,
    renew,
    retries_left,
)
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import TASK_TYPES
from tracker.exceptions import (
    ClaimLostError,
    DependencyNotMetError,
    DependentsActiveError,
    InvalidTaskTypeError,
    InvalidTransitionError,
    ItemNotFoundError,
    ItemRemovedError,
    LeaseError,
    RetriesExhaustedError,
    TrackerError,
)

S = TaskStatus
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
ARGO_RESEARCH = TaskKey("Argo", "research")
ARGO_CONTENT = TaskKey("Argo", "content")
BLOG = TaskKey(None, "blog_post")


def week_of(*names: str) -> WeekTracker:
    return sync_items(None, "A", names, T0)[0]


def set_status(week: WeekTracker, key: TaskKey, status: S, **kw: object) -> list:
    return move(week, key, Request(status, **kw), T0)  # type: ignore[arg-type]


def record(week: WeekTracker, key: TaskKey) -> TaskRecord:
    return week.tasks_of(key.item)[key.task_type]


# -- the declaration -----------------------------------------------------------


def test_every_status_pair_is_declared_a_transition_a_no_op_or_refused():
    refused = {(a, b) for a in S for b in S} - set(TRANSITIONS) - NO_OPS
    assert refused == {(S.COMPLETED, S.FAILED), (S.SKIPPED, S.FAILED)}


def test_person_may_mark_pending_work_done():
    assert TRANSITIONS[(S.PENDING, S.COMPLETED)].guards == (
        Guard.ITEM_ACTIVE, Guard.DEPENDENCIES, Guard.SAFE_OUTPUT,
    )  # fmt: skip


def test_only_leaving_failed_for_another_attempt_counts_as_a_retry():
    retries = {pair for pair, t in TRANSITIONS.items() if t.retry}
    assert retries == {(S.FAILED, S.PENDING), (S.FAILED, S.IN_PROGRESS)}
    assert all(Guard.RETRY_LEFT in TRANSITIONS[pair].guards for pair in retries)


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


# -- effects ------------------------------------------------------------------


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


# -- guards -------------------------------------------------------------------


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


def test_retry_count_survives_every_later_transition():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.FAILED, error_message="boom")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS)
    for status in (S.IN_PROGRESS, S.COMPLETED, S.PENDING, S.SKIPPED):
        set_status(week, ARGO_RESEARCH, status)
        assert record(week, ARGO_RESEARCH).retry_count == 1


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


def test_an_expired_claim_holds_nobody_back():
    week = week_of("Argo")
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot-1", lease=timedelta(minutes=1))
    move(week, ARGO_RESEARCH, Request(S.COMPLETED, agent="bot-2"), T0 + timedelta(minutes=1))
    assert record(week, ARGO_RESEARCH).agent == "bot-2"


def test_renew_is_for_the_holder_only():
    week = week_of("Argo")
    with pytest.raises(LeaseError, match="it is pending"):
        renew(week, ARGO_RESEARCH, agent="bot", lease=timedelta(hours=1), now=T0)
    set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, agent="bot", lease=timedelta(minutes=5))
    with pytest.raises(LeaseError, match="claimed by 'bot', not 'other'"):
        renew(week, ARGO_RESEARCH, agent="other", lease=timedelta(hours=1), now=T0)
    renewed = renew(week, ARGO_RESEARCH, agent="bot", lease=timedelta(hours=1), now=T0)
    assert renewed.lease_expires_at == T0 + timedelta(hours=1)


@pytest.mark.parametrize("lease", [timedelta(seconds=-1), timedelta(days=999_999_000)])
def test_leases_that_cannot_be_are_transition_errors(lease: timedelta):
    week = week_of("Argo")
    with pytest.raises(InvalidTransitionError, match="lease"):
        set_status(week, ARGO_RESEARCH, S.IN_PROGRESS, lease=lease)


# -- targets and values -------------------------------------------------------


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


@pytest.mark.parametrize("value", ["COMPLETED", "bogus", "", 3, None])
def test_bad_statuses_are_tracker_errors(value: object):
    with pytest.raises(InvalidTransitionError, match="unknown status"):
        parse_status(value)  # type: ignore[arg-type]


# -- the README documents the declaration ------------------------------------


def _readme_tables() -> tuple[dict[tuple[S, S], str], dict[str, str]]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### The state machine", 1)[1].split("\n- ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    matrix = [[cell.strip() for cell in row] for row in rows if len(row) == 6]
    header, *body = [r for r in matrix if not set(r[0]) <= {"-"}]
    cells = {(S(row[0]), S(col)): row[i] for row in body for i, col in enumerate(header[1:], 1)}
    legend = {
        row[0].strip(): row[1].strip() for row in rows if len(row) == 2 and row[0].strip() != "---"
    }
    return cells, legend


def test_readme_state_machine_table_is_the_declaration():
    cells, legend = _readme_tables()
    codes = {code: Guard(text) for code, text in legend.items() if code != "guard"}
    assert set(codes.values()) == set(Guard)
    for pair, cell in cells.items():
        if cell == "no-op":
            assert pair in NO_OPS
        elif cell == "not allowed":
            assert pair not in TRANSITIONS and pair not in NO_OPS
        else:
            declared = set(TRANSITIONS[pair].guards)
            assert declared == ({codes[c] for c in cell.split()} if cell != "ok" else set()), pair


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
