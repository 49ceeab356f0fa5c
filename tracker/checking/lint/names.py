"""Item-name rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.diagnostics import Severity
from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.models import ACTIVE_STATUSES
from tracker.domain.names import sanitized_name


def sanitized_name_collision(ctx: LintContext) -> Iterator[Finding]:
    """Two active items have the same sanitized name, so their outputs overwrite each other.

    A warning while the items are pending; an error once both have a task in
    progress or completed, that is once both write the same files.

    Passes::

        items: {TruLens: {}, Tekton: {}}

    Fails::

        items: {TruLens: {}, Trulens: {}}
    """
    first: dict[str, str] = {}
    for name, _item in ctx.week.active_items():
        slug = sanitized_name(name)
        other = first.setdefault(slug, name)
        if other == name:
            continue
        writing = [
            n for n in (other, name)
            if any(r.status in ACTIVE_STATUSES for r in ctx.week.items[n].tasks.values())
        ]  # fmt: skip
        yield Finding(
            ("items", name),
            f"item {name!r} and item {other!r} both write outputs as {slug!r}",
            key=True,
            severity=Severity.ERROR if len(writing) == 2 else Severity.WARNING,
        )
