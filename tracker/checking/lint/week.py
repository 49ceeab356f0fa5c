"""Rules about the week file as a whole: folder, metadata, default tasks."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS
from tracker.domain.weeks import WEEK_FOLDER_RE, Week


def folder_name(ctx: LintContext) -> Iterator[Finding]:
    """The file's folder is not named ``NN-L`` (``00-A`` ... ``25-Z``).

    Passes::

        data/weeks/00-A/tracker.yaml

    Fails::

        data/weeks/week-a/tracker.yaml
    """
    if Week.from_folder(ctx.folder) is None:
        yield Finding((), f"folder {ctx.folder!r} is not a week folder like 00-A ... 25-Z")


def week_letter_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """``metadata.week_letter`` does not match the folder's letter.

    Passes (in ``00-A``)::

        metadata: {week_letter: A}

    Fails (in ``00-A``)::

        metadata: {week_letter: B}
    """
    match = WEEK_FOLDER_RE.match(ctx.folder)
    letter = ctx.week.week_letter
    if match is not None and match[2] != letter:
        yield Finding(
            ("metadata", "week_letter"),
            f"week_letter {letter!r} does not match folder {ctx.folder!r}",
        )


def etl_count_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """``metadata.etl_item_count`` differs from the number of active items.

    Passes::

        metadata: {etl_item_count: 1}
        items: {Argo: {}}

    Fails::

        metadata: {etl_item_count: 2}
        items: {Argo: {}}
    """
    count = ctx.week.metadata.etl_item_count
    active = sum(1 for _ in ctx.week.active_items())
    if count != active:
        yield Finding(
            ("metadata", "etl_item_count"),
            f"etl_item_count is {count} but the week has {active} active items",
        )


def missing_default_task(ctx: LintContext) -> Iterator[Finding]:
    """An active item (or the week) lacks one of the default tasks.

    Passes::

        Argo: {tasks: {research: {}, content: {}}}

    Fails::

        Argo: {tasks: {research: {}}}
    """
    for name, item in ctx.week.active_items():
        missing = [t for t in DEFAULT_ITEM_TASKS if t not in item.tasks]
        if missing:
            yield Finding(
                ("items", name, "tasks"),
                f"item {name!r} has no {', '.join(missing)} task",
                key=True,
            )
    missing = [t for t in DEFAULT_WEEK_TASKS if t not in ctx.week.week_tasks.tasks]
    if missing:
        yield Finding(
            ("week_tasks", "tasks"), f"the week has no {', '.join(missing)} task", key=True
        )
