"""``tracker lint``: validation diagnostics plus the selected rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli.main import main


def test_lints_named_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "00-A" / "tracker.yaml"
    path.parent.mkdir()
    path.write_text("metadata: {week_letter: A, etl_item_count: 5}\nweek_tasks: {tasks: {}}\n")
    assert main(["lint", str(path), "--select", "W003"]) == 1
    assert capsys.readouterr().out == (
        f"{path}:1:44: W003 error: etl_item_count is 5 but the week has 0 active items\n"
        "0 warnings, 1 error in 1 file\n"
    )
    assert main(["lint", str(path), "--ignore", "W"]) == 0
