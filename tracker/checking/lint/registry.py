"""Every lint rule, by id. Adding a rule means adding a line here.

The field rules (T001, T003, F001, O001) are not written here: they come from
the state machine's ``REQUIRED_FIELDS`` through :func:`tracker.checking.lint.fields.field_rules`.
"""

from __future__ import annotations

from tracker.checking.diagnostics import Severity
from tracker.checking.lint import (
    agents,
    dependencies,
    failures,
    fields,
    leases,
    names,
    outputs,
    times,
    week,
)
from tracker.checking.lint.base import Rule

ERROR, WARNING = Severity.ERROR, Severity.WARNING

_RULES: tuple[Rule, ...] = (
    Rule("D001", "item-dependency", ERROR, dependencies.item_dependency),
    Rule("D002", "week-fan-in", ERROR, dependencies.week_fan_in),
    Rule("D003", "stale-week-task", ERROR, dependencies.stale_week_task),
    *(Rule(rule_id, name, ERROR, check) for rule_id, name, check in fields.field_rules()),
    Rule("T002", "completed-before-started", ERROR, times.completed_before_started),
    Rule("T004", "time-in-future", ERROR, times.time_in_future, times.times_ahead),
    Rule("F002", "negative-retry-count", ERROR, failures.negative_retry_count),
    Rule("O002", "unsafe-output-path", ERROR, outputs.unsafe_output_path),
    Rule("O003", "output-pattern-mismatch", WARNING, outputs.output_pattern_mismatch),
    Rule("O004", "output-missing", ERROR, outputs.output_missing),
    Rule("N001", "output-collision", ERROR, names.output_collision),
    Rule("W001", "folder-name", ERROR, week.folder_name),
    Rule("W002", "week-letter-mismatch", ERROR, week.week_letter_mismatch),
    Rule("W003", "etl-count-mismatch", ERROR, week.etl_count_mismatch),
    Rule("W004", "missing-default-task", ERROR, week.missing_default_task),
    Rule("A001", "agent-mismatch", WARNING, agents.agent_mismatch),
    Rule("L001", "expired-lease", WARNING, leases.expired_lease, leases.lease_ends),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in sorted(_RULES, key=lambda r: r.id)}
"""Every lint rule, by id, in id order."""
