"""Run lint rules over a validated week and locate what they find."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.checking.diagnostics import Diagnostic
from tracker.checking.lint.base import LintContext, Rule
from tracker.fileformat.positions import Positions


def lint_week(
    ctx: LintContext, positions: Positions, path: str, rules: Iterable[Rule]
) -> list[Diagnostic]:
    """Diagnostics from ``rules`` for one week, located in its file."""
    found: list[Diagnostic] = []
    for rule in rules:
        for finding in rule.check(ctx):
            line, col = positions.of(finding.loc, key=finding.key)
            severity = finding.severity or rule.severity
            found.append(Diagnostic(path, line, col, rule.id, severity, finding.message))
    return found
