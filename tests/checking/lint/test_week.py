"""Golden cases of the rules in tracker/lint/week.py."""

from __future__ import annotations

import pytest

from tests.checking.lint.conftest import cases_for, run_golden


@pytest.mark.parametrize("case", cases_for("W001", "W002", "W003", "W004"))
def test_golden(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_golden(case, monkeypatch, capsys)
