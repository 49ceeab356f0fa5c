"""``python scripts/bench.py --quick`` runs end to end (times are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_benchmark_measures_every_figure_and_loses_no_update(tmp_path: Path):
    out = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "bench.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert text in done.stdout
    figures = text.split("| figure |", 1)[1].splitlines()
    for figure in (
        "floor: python + libyaml load", "check-jsonschema", "tracker progress", "start-up:",
        "`update_task` p50, week C", "load+dump+fsync p50", "`get_ready_tasks()`",
        "1 writer on week C", "8 writers on week C",
    ):  # fmt: skip
        row = next(line for line in figures if line.startswith(f"| {figure}"))
        assert _cells(row)[1] != "n/a", row  # measured on W1
    assert "| lost updates, concurrent writers (W1) | 0 | 0 | met |" in text
    fleet = text.split("## Fleet: agents on many clones", 1)[1]  # a small fleet when quick
    for audited in ("tasks completed more than once", "tasks not completed",
                    "overlapping claims", "manual conflicts"):  # fmt: skip
        row = next(line for line in fleet.splitlines() if line.startswith(f"| {audited}"))
        assert row.endswith("| 0 | 0 | met |"), row
    for name in ("check", "render"):  # measured once the subcommand exists
        row = next(line for line in figures if line.startswith(f"| tracker {name}"))
        assert _cells(row)[1] != "n/a" or f"`tracker {name}` not available" in row, row


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]
