"""The declaration: every status pair is a transition, a no-op or refused, as the README says."""

from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT
from tracker.domain.models import TaskStatus
from tracker.domain.transitions import (
    NO_OPS,
    TRANSITIONS,
    Guard,
    parse_status,
)
from tracker.exceptions import (
    InvalidTransitionError,
)

S = TaskStatus


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


@pytest.mark.parametrize("value", ["COMPLETED", "bogus", "", 3, None])
def test_bad_statuses_are_tracker_errors(value: object):
    with pytest.raises(InvalidTransitionError, match="unknown status"):
        parse_status(value)  # type: ignore[arg-type]


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
