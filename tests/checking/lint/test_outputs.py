"""The output rules: golden cases, and the one output pattern shared with the state machine."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.checking.lint.conftest import cases_for, run_golden
from tracker import YAMLTrackerBackend
from tracker.checking.lint.selection import Selection, selected_rules
from tracker.checking.pipeline import CheckOptions, check_files
from tracker.domain.outputs import PATTERN_FIELDS, fill_pattern
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import utc_now
from tracker.domain.weeks import Week


@pytest.mark.parametrize("case", cases_for("O001", "O002", "O003", "O004"))
def test_golden(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_golden(case, monkeypatch, capsys)


@pytest.mark.parametrize("field", list(PATTERN_FIELDS))
def test_every_pattern_field_works_in_transitions_and_lint_alike(
    field: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``{week_letter}`` pattern used to make lint raise KeyError while completing worked."""
    config = TASK_TYPES["research"]
    monkeypatch.setitem(
        TASK_TYPES, "research", replace(config, output_pattern=f"research/{{{field}}}/x.yaml")
    )
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Argo"])
    backend.update_task("A", "Argo", "research", "in_progress")
    done = backend.update_task("A", "Argo", "research", "completed")
    pattern = TASK_TYPES["research"].output_pattern
    assert done.output_file == fill_pattern(pattern, Week("A"), "Argo", "research")
    selection = selected_rules(Selection(select=("O003",)), Selection())
    options = CheckOptions(now=utc_now(), repo_root=data_dir, rules=selection)
    assert check_files([data_dir / "00-A" / "tracker.yaml"], options) == []
