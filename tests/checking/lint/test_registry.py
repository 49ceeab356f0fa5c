"""The rule contract holds for every registered rule."""

from __future__ import annotations

import pytest

from tests.checking.lint.conftest import cases_for
from tests.conftest import REPO_ROOT
from tracker.checking.lint.registry import RULES
from tracker.checking.pipeline import CHECK_RULES
from tracker.checking.validate import VALIDATE_RULES


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_documented_and_has_golden_cases(rule_id: str) -> None:
    rule = RULES[rule_id]
    doc = rule.check.__doc__ or ""
    assert rule.id == rule_id
    assert rule.description and not rule.description.endswith(":")
    assert "Passes" in doc and "Fails" in doc
    cases = cases_for(rule_id)
    assert any("-pass" in c for c in cases) and any("-fail" in c for c in cases), cases


def test_rule_names_are_unique() -> None:
    assert len({rule.name for rule in RULES.values()}) == len(RULES)


@pytest.mark.parametrize("rule_id", [*VALIDATE_RULES, *RULES, *CHECK_RULES])
def test_readme_documents_rule(rule_id: str) -> None:
    assert f"| `{rule_id}`" in (REPO_ROOT / "README.md").read_text()


def test_the_rules_share_one_walk_over_the_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule that looks at each task reads the list the context made once."""
    from datetime import UTC, datetime
    from pathlib import Path

    from tracker.checking.lint import base
    from tracker.checking.lint.base import LintContext
    from tracker.checking.lint.runner import lint_week
    from tracker.checking.validate import validate_text

    text = next((REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml")).read_bytes()
    result = validate_text(text, "w.yaml")
    assert result.week is not None and result.positions is not None
    walks = []
    real = base.iter_tasks
    monkeypatch.setattr(base, "iter_tasks", lambda *a, **k: walks.append(1) or real(*a, **k))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    ctx = LintContext(result.week, "00-A", now, Path("."))
    lint_week(ctx, result.positions, "w.yaml", RULES.values())
    assert walks == [1]
