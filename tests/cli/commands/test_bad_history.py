"""One bad line of a history file takes down nothing: commands skip it and say where it is;
``tracker check`` fails on it (H001)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.commands.conftest import Cli
from tracker import YAMLTrackerBackend


@pytest.fixture
def damaged(cli: Cli, data_dir: Path) -> Path:
    """Week A's history with a mangled line 3 (a bad merge) and a torn last line (a crash)."""
    assert cli("sync", "A", "Argo", "Backstage").code == 0
    assert cli("start", "A", "Argo", "research", "--agent", "bot").code == 0
    assert cli("complete", "A", "Argo", "research", "--agent", "bot").code == 0
    path = YAMLTrackerBackend(data_dir).history_path("A")
    lines = path.read_bytes().split(b"\n")
    lines.insert(2, b"<<<<<<< HEAD")
    path.write_bytes(b"\n".join(lines) + b'{"event_id": "a8c1", "time": "2026-')
    return path


@pytest.mark.parametrize(
    "args",
    [["log", "A"], ["metrics"], ["render", "--out", "site"], ["log", "--json"]],
)
def test_readers_skip_bad_lines_and_name_them(
    cli: Cli, damaged: Path, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code == 0, result
    warnings = [line for line in result.err.splitlines() if "line skipped" in line]
    total = len(damaged.read_bytes().split(b"\n"))
    assert [w.split(": ")[2] for w in warnings] == [f"{damaged}:3", f"{damaged}:{total}"]


def test_rollback_still_works_around_a_bad_line(cli: Cli, damaged: Path, data_dir: Path) -> None:
    first = YAMLTrackerBackend(data_dir).read_history("A")[0]
    result = cli("rollback", "A", "--to", first.event_id)
    assert result.code == 0, result
    assert "local.jsonl:3: " in result.err
    assert YAMLTrackerBackend(data_dir).load_tracker("A").items["Argo"]["research"].status == (
        "pending"
    )


def test_check_reports_each_bad_line(cli: Cli, damaged: Path) -> None:
    result = cli("check", "--select", "D")
    assert result.code == 1
    *lines, summary = result.out.splitlines()
    assert summary.endswith("2 errors in 1 file")
    total = len(damaged.read_bytes().split(b"\n"))
    assert [line.split(": H001")[0] for line in lines] == [
        f"{damaged}:3:1", f"{damaged}:{total}:1"
    ]  # fmt: skip
    assert "incomplete last line" in lines[1]
