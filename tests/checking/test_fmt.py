"""Canonical formatting: idempotent, meaning-preserving, never touches broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker.checking.fmt import format_file
from tracker.checking.validate import validate_text
from tracker.cli.main import main
from tracker.fileformat import yamlio

MESSY = """\
# hand-edited
week_tasks: {tasks: {blog_post: {agent: writer, status: pending}}}
items:
  "Argo":   # the first one
    tasks:
      content: {status: pending}
      research:
        output_file: "research/argo.yaml"
        completed_at: 2026-11-02T10:00:00Z
        started_at: '2026-11-02T09:00:00'
        status: completed
metadata: {etl_item_count: 1, week_letter: A}
"""


def _week(path: Path) -> object:
    return validate_text(path.read_bytes(), str(path)).week


def test_rewrites_keeping_meaning_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "tracker.yaml"
    path.write_text(MESSY)
    before = _week(path)
    assert before is not None
    assert format_file(path, check=True).changed
    assert path.read_text() == MESSY
    assert format_file(path).changed
    assert _week(path) == before
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "completed_at: '2026-11-02T10:00:00Z'" in text
    assert "started_at: '2026-11-02T09:00:00Z'" in text
    assert not format_file(path).changed
    assert path.read_text() == text


@pytest.mark.parametrize("week", ["00-A", "19-T", "25-Z"])
def test_real_week_survives_a_json_rewrite(tmp_path: Path, week: str) -> None:
    original = (REPO_ROOT / "data" / "weeks" / week / "tracker.yaml").read_text()
    path = tmp_path / "tracker.yaml"
    path.write_text(json.dumps(yamlio.load(original), indent=1))  # JSON is YAML
    assert format_file(path).changed
    assert path.read_text() == original


def test_broken_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "tracker.yaml"
    path.write_text(MESSY.replace("status: completed", "status: done"))
    before = path.read_bytes()
    result = format_file(path)
    assert not result.changed
    assert [(d.rule, d.line) for d in result.diagnostics] == [
        ("Y006", 1), ("Y006", 4), ("Y005", 9), ("S002", 11),
    ]  # fmt: skip
    assert path.read_bytes() == before


def test_command_check_lists_and_fails(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    week = data_dir / "00-A"
    week.mkdir()
    (week / "tracker.yaml").write_text(MESSY)
    assert main(["--data-dir", str(data_dir), "fmt", "--check"]) == 1
    assert capsys.readouterr().out == f"would reformat {week / 'tracker.yaml'}\n"
    assert main(["--data-dir", str(data_dir), "fmt"]) == 0
    assert main(["--data-dir", str(data_dir), "fmt", "--check"]) == 0


def test_committed_weeks_are_canonical(capsys: pytest.CaptureFixture[str]) -> None:
    data = REPO_ROOT / "data" / "weeks"
    assert main(["--data-dir", str(data), "fmt", "--check"]) == 0
    assert capsys.readouterr().out == ""
