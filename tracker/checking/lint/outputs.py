"""Output-file rules: where a completed task's work is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from tracker.checking.lint.base import Finding, LintContext, TaskRef, iter_tasks, missing_when
from tracker.domain.models import TaskStatus
from tracker.domain.names import sanitized_name, week_folder
from tracker.domain.tasktypes import TASK_TYPES


def completed_without_output(ctx: LintContext) -> Iterator[Finding]:
    """A completed task has no ``output_file``.

    Passes::

        research: {status: completed, output_file: research/argo.yaml}

    Fails::

        research: {status: completed}
    """
    return missing_when(ctx, TaskStatus.COMPLETED, "output_file")


def _is_unsafe(path: str) -> bool:
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.is_absolute() or ".." in pure.parts or (len(path) > 1 and path[1] == ":")


def unsafe_output_path(ctx: LintContext) -> Iterator[Finding]:
    """``output_file`` is absolute or escapes the repository with ``..``.

    Passes::

        research: {output_file: research/argo.yaml}

    Fails::

        research: {output_file: ../../etc/argo.yaml}
    """
    for ref in iter_tasks(ctx.week):
        path = ref.record.output_file
        if path is not None and _is_unsafe(path):
            yield Finding(
                (*ref.loc, "output_file"),
                f"{ref.describe()} output_file {path!r} must be relative, inside the repository",
            )


def expected_output(ctx: LintContext, ref: TaskRef) -> str:
    """The path the task type's ``output_pattern`` gives for this task."""
    return TASK_TYPES[ref.task_type].output_pattern.format(
        sanitized_name=sanitized_name(ref.item_name or ""),
        week_folder=week_folder(ctx.week.week_letter),
    )


def output_pattern_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """``output_file`` differs from the task type's ``output_pattern``.

    Passes (item ``Argo``)::

        research: {output_file: research/argo.yaml}

    Fails::

        research: {output_file: notes/argo.txt}
    """
    for ref in iter_tasks(ctx.week):
        path = ref.record.output_file
        if path is None or _is_unsafe(path):
            continue
        expected = expected_output(ctx, ref)
        if path != expected:
            yield Finding(
                (*ref.loc, "output_file"),
                f"{ref.describe()} output_file {path!r} does not match the pattern: {expected!r}",
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
    for ref in iter_tasks(ctx.week):
        path = ref.record.output_file
        if ref.record.status is not TaskStatus.COMPLETED or not path or _is_unsafe(path):
            continue
        if not (ctx.repo_root / path).is_file():
            yield Finding(
                (*ref.loc, "output_file"),
                f"{ref.describe()} output_file {path!r} does not exist",
            )
