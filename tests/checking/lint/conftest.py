"""Golden lint cases: ``cases/<RULE>-pass*|<RULE>-fail*/weeks/<folder>/tracker.yaml``.

Each case is copied to a folder of its own outside this repository (so it is
the repository root, and output paths are relative to it) and linted there
with only its rule selected; ``expected.txt`` holds the exact output.
Set ``TRACKER_UPDATE_GOLDEN=1`` to rewrite the expected files after a deliberate change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tracker.cli.main import main

CASES = Path(__file__).parent / "cases"


def cases_for(*rule_ids: str) -> list[str]:
    """The case folder names of these rules, sorted."""
    return sorted(p.name for p in CASES.iterdir() if p.name[:4] in rule_ids)


def run_golden(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lint the case with its rule and compare exit status and output with the golden file."""
    folder = CASES / case
    with tempfile.TemporaryDirectory(prefix=f"{case}-") as scratch:
        shutil.copytree(folder, scratch, dirs_exist_ok=True)
        monkeypatch.chdir(scratch)
        status = main(["--data-dir", "weeks", "lint", "--select", case[:4], "--check-outputs"])
    out = capsys.readouterr().out
    actual = f"exit {status}\n{out}"
    expected_file = folder / "expected.txt"
    if os.environ.get("TRACKER_UPDATE_GOLDEN"):
        expected_file.write_text(actual)
    assert actual == expected_file.read_text()
    if case.endswith("pass") or "-pass-" in case:
        assert status == 0
