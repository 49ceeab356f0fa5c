"""``python scripts/bench.py --quick`` runs end to end (times are printed, never asserted,
and the quick run exits 0 whatever they are: it checks no bounds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres import TEST_URL_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCH = [sys.executable, str(REPO_ROOT / "scripts" / "bench.py"), "--quick"]


@pytest.mark.slow
def test_quick_benchmark_measures_every_figure_and_loses_no_update(tmp_path: Path, request):
    out = tmp_path / "bench.md"
    server = request.getfixturevalue("pg_server") if os.environ.get(TEST_URL_ENV) else None
    with_server = ["--database-url", server] if server else []
    done = subprocess.run(
        [*BENCH, "--out", str(out), *with_server],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert text in done.stdout
    figures = text.split("| figure |", 1)[1].splitlines()
    for figure in (
        "floor: python + libyaml load, canonical files", "`tracker check`, canonical files",
        "`tracker check`, cached (nothing changed)",
        "floor: python + libyaml load, another tool's files",
        "`tracker check`, another tool's files", "`tracker render` into an empty folder",
        "check-jsonschema", "`tracker progress`", "start-up:", "history of week C, one file",
        "history of week C, 16 fragments", "history of every week",
        "`update_task` p50, week C", "load+dump+fsync p50", "`get_ready_tasks()`",
        "1 writer on week C", "8 writers on week C", "`claim_next` without a week, 1 process",
        "`claim_next` without a week, 8 processes",
    ):  # fmt: skip
        row = next(line for line in figures if line.startswith(f"| {figure}"))
        assert _cells(row)[1], row  # measured on W1
    assert "| lost updates, concurrent writers (W1) | 0 | 0 | met |" in text
    for processes in (1, 8):
        twice = f"| tasks claimed twice, {processes} claiming process(es) (W1) | 0 | 0 | met |"
        assert twice in text
        assert f"| claims lost, {processes} claiming process(es) (W1) | 0 | 0 | met |" in text
    assert "Peak memory" in text
    claims = ["16 claimers on YAML files", "claim latency p50, 16 claimers on YAML files"]
    if server:
        claims += ["16 claimers on PostgreSQL", "claim latency p99, 16 claimers on PostgreSQL"]
        for store in ("YAML files", "PostgreSQL"):
            for what in ("duplicate claims", "lost updates"):
                assert f"| {what}, 16 claimers on {store} (W1) | 0 | 0 | met |" in text
        assert "16 claimers: PostgreSQL / YAML files, claims per second (W1) | " in text
    else:
        assert "PostgreSQL not measured: no server" in text
    for figure in claims:
        row = next(line for line in figures if line.startswith(f"| {figure}"))
        assert _cells(row)[1], row
    fleet = text.split("## Fleet: agents on many clones", 1)[1]  # a small fleet when quick
    for audited in ("tasks completed more than once", "tasks not completed",
                    "overlapping claims", "manual conflicts"):  # fmt: skip
        row = next(line for line in fleet.splitlines() if line.startswith(f"| {audited}"))
        assert row.endswith("| 0 | 0 | met |"), row


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_postgres_is_skipped_with_a_reason_without_a_server(tmp_path: Path):
    """Only the claimers' part runs here (the rest is the test above): no server, no figure."""
    from benchmarks.claimers import measure
    from benchmarks.report import Results
    from benchmarks.workload import Workload

    said: list[str] = []
    results = Results()
    empty = tmp_path / "weeks"
    empty.mkdir()
    measure(results, Workload("W1", empty, 0), tmp_path, 0, 0, None, said.append)
    reason = "PostgreSQL not measured: no server (give --database-url URL or --start-postgres)"
    assert said == [reason] and reason in results.notes
    assert results.rows["claims-postgres"].timings == {"W1": None}
    assert results.rows["claims-postgres"].note == "not measured"


def test_a_full_run_exits_1_when_a_bound_is_missed_and_a_quick_one_never(monkeypatch, tmp_path):
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    import bench

    from benchmarks.report import W1, Results, Row
    from benchmarks.timing import Timing

    def fake_run(scratch, options, log):
        results = Results(machine=["test"])
        for key, seconds in (("floor", 0.1), ("check", 0.2)):  # check at 2x the floor: missed
            results.add(Row(key, key, "ms", {W1: Timing((seconds,))}, ours=key == "check"))
        return results

    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(bench, "with_fleet", lambda text, quick, log: text)  # no fleet here
    assert bench.main(["--out", str(tmp_path / "full.md")]) == 1
    assert bench.main(["--quick"]) == 0
