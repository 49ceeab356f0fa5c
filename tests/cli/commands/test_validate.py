"""``tracker validate``: named files or every week; schema problems only, no lint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli.main import main


def test_named_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("metadata: {week_letter: A, etl_item_count: 5}\n")  # lint would flag W003
    bad.write_text("metadata: {week_letter: A}\nmetadata: {week_letter: B}\n")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == "0 warnings, 0 errors in 1 file\n"
    assert main(["validate", str(good), str(bad)]) == 1
    assert capsys.readouterr().out == (
        f"{bad}:2:1: Y002 error: duplicate key metadata (first at line 1); "
        "YAML keeps only this one\n0 warnings, 1 error in 2 files\n"
    )


def test_unreadable_file_is_a_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["validate", str(missing)]) == 1
    assert capsys.readouterr().out.startswith(f"{missing}:1:1: Y001 error: cannot read file")
