"""Field rules, derived from the state machine: what a record in each status must carry.

:data:`tracker.domain.transitions.REQUIRED_FIELDS` is the one statement of
these requirements (the transitions' effects always meet them); this module
only gives each requirement a rule id and turns it into a check. A
requirement added there without an id here fails at import.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Check, Finding, LintContext
from tracker.domain.models import TaskStatus
from tracker.domain.transitions import REQUIRED_FIELDS
from tracker.exceptions import ConfigError

S = TaskStatus

FIELD_RULE_IDS: dict[tuple[TaskStatus, str], tuple[str, str]] = {
    (S.COMPLETED, "completed_at"): ("T001", "completed-without-time"),
    (S.IN_PROGRESS, "started_at"): ("T003", "in-progress-without-start"),
    (S.FAILED, "error_message"): ("F001", "failed-without-error"),
    (S.COMPLETED, "output_file"): ("O001", "completed-without-output"),
}
"""Rule id and name of each ``(status, field)`` requirement."""

_EXAMPLE_VALUES = {
    "started_at": "'2026-11-02T09:00:00Z'",
    "completed_at": "'2026-11-02T10:00:00Z'",
    "output_file": "research/argo.yaml",
    "error_message": "source site down",
}


def required_field_check(status: TaskStatus, field: str) -> Check:
    """The check that a task in ``status`` has ``field`` set (and not empty)."""

    def check(ctx: LintContext) -> Iterator[Finding]:
        for key, record in ctx.tasks:
            if record.status is status and not getattr(record, field):
                yield Finding(
                    (*key.loc, "status"), f"{key.describe()} is {status.value} without {field}"
                )

    example = _EXAMPLE_VALUES.get(field, "...")
    check.__doc__ = f"""A task that is {status.value} has no ``{field}``.

    Passes::

        research: {{status: {status.value}, {field}: {example}}}

    Fails::

        research: {{status: {status.value}}}
    """
    check.__name__ = f"{status.value}_without_{field}"
    return check


def field_rules() -> list[tuple[str, str, Check]]:
    """``(id, name, check)`` for every requirement the state machine declares."""
    rules = []
    for status, names in REQUIRED_FIELDS.items():
        for field in names:
            if (status, field) not in FIELD_RULE_IDS:
                raise ConfigError(
                    f"required field {field!r} of {status.value} tasks has no rule id"
                )
            rule_id, name = FIELD_RULE_IDS[(status, field)]
            rules.append((rule_id, name, required_field_check(status, field)))
    return rules
