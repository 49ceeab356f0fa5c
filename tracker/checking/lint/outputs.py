"""Output-file rules: where a completed task's work is (O001, a completed task's output
file, is a field rule).

Safety and the expected path come from :mod:`tracker.domain.outputs`, the same
functions the state machine uses when a task completes.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.models import TaskStatus
from tracker.domain.outputs import unsafe_output
from tracker.domain.statemachine import default_output_file
from tracker.domain.weeks import Week


def unsafe_output_path(ctx: LintContext) -> Iterator[Finding]:
    """``output_file`` is absolute or escapes the repository with ``..``.

    Passes::

        research: {output_file: research/argo.yaml}

    Fails::

        research: {output_file: ../../etc/argo.yaml}
    """
    for key, record in ctx.tasks:
        path = record.output_file
        if path is not None and unsafe_output(path):
            yield Finding(
                (*key.loc, "output_file"),
                f"{key.describe()} output_file {path!r} must be relative, inside the repository",
            )


def output_pattern_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """``output_file`` differs from the task type's ``output_pattern``.

    Passes (item ``Argo``)::

        research: {output_file: research/argo.yaml}

    Fails::

        research: {output_file: notes/argo.txt}
    """
    week = Week(ctx.week.week_letter)
    for key, record in ctx.tasks:
        path = record.output_file
        if path is None or unsafe_output(path):
            continue
        expected = default_output_file(week, key)
        if path != expected:
            yield Finding(
                (*key.loc, "output_file"),
                f"{key.describe()} output_file {path!r} does not match the pattern: {expected!r}",
            )


def output_missing(ctx: LintContext) -> Iterator[Finding]:
    """With ``--check-outputs``: a completed task's ``output_file`` is not on disk.

    Passes (the file exists)::

        research: {status: completed, output_file: research/argo.yaml}

    Fails (no such file)::

        research: {status: completed, output_file: research/missing.yaml}
    """
    if not ctx.check_outputs:
        return
    for key, record in ctx.tasks:
        path = record.output_file
        if record.status is not TaskStatus.COMPLETED or not path or unsafe_output(path):
            continue
        if not (ctx.repo_root / path).is_file():
            yield Finding(
                (*key.loc, "output_file"),
                f"{key.describe()} output_file {path!r} does not exist",
            )
