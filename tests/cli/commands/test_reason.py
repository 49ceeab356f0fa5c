"""``--reason`` on every write command: recorded in the events, shown by log and the report."""

from __future__ import annotations

import pytest

from tests.cli.commands.conftest import Cli
from tracker import YAMLTrackerBackend
from tracker.domain.events import HistoryEvent


def events(data_dir) -> list[HistoryEvent]:
    return YAMLTrackerBackend(data_dir).read_history("A")


def new_reasons(data_dir, before: int) -> set[str | None]:
    return {e.reason for e in events(data_dir)[before:]}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["start", "A", "Argo", "research"], "the editor asked"),
        (["skip", "A", "Backstage", "research"], "the editor asked"),
        (
            ["sync", "A", "Argo", "Backstage", "OPA/Gatekeeper", "Dapr"],
            "sync: item added; the editor asked",
        ),
        (["claim", "--agent", "researcher-1"], "the editor asked"),
    ],
)
def test_write_commands_record_the_reason(cli_week: Cli, data_dir, argv, expected):
    before = len(events(data_dir))
    assert cli_week(*argv, "--reason", "the editor asked").code == 0
    assert new_reasons(data_dir, before) == {expected}


def test_operations_with_their_own_reason_keep_both(cli_week: Cli, data_dir):
    assert cli_week("claim", "--agent", "researcher-1", "--lease", "0s").code == 0
    before = len(events(data_dir))
    assert cli_week("reclaim", "--reason", "runner died").code == 0
    (reason,) = new_reasons(data_dir, before)
    assert reason is not None and reason.endswith("; runner died")
    assert reason.startswith("reclaimed: lease of 'researcher-1' expired at ")
    assert cli_week("start", "A", "Argo", "research").code == 0
    assert cli_week("fail", "A", "Argo", "research", "--error", "503").code == 0
    before = len(events(data_dir))
    assert cli_week("retry", "--reason", "site is back").code == 0
    assert new_reasons(data_dir, before) == {"retry 1 of 3; site is back"}
    point = events(data_dir)[-1].event_id
    assert cli_week("start", "A", "Backstage", "research").code == 0
    before = len(events(data_dir))
    assert cli_week("rollback", "A", "--to", point, "--reason", "undo the start").code == 0
    assert new_reasons(data_dir, before) == {f"rollback to event {point}; undo the start"}


def test_log_and_the_report_show_it(cli_week: Cli, data_dir, tmp_path):
    cli_week("start", "A", "Argo", "research")
    cli_week("complete", "A", "Argo", "research")
    assert cli_week("reset", "A", "Argo", "research", "--reason", "sources were wrong").code == 0
    assert "sources were wrong" in cli_week("log", "A").out
    assert cli_week("render", "--out", str(tmp_path / "site")).code == 0
    page = (tmp_path / "site" / "weeks" / "00-A.html").read_text()
    assert '<span class="reason">why: sources were wrong</span>' in page
