"""Item-name rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.models import ItemTasks
from tracker.domain.statemachine import default_output_file
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS
from tracker.domain.weeks import Week


def _outputs(week: Week, name: str, item: ItemTasks) -> list[str]:
    """Every file the item writes: its tasks' pattern paths and recorded output files."""
    paths = [default_output_file(week, TaskKey(name, t)) for t in DEFAULT_ITEM_TASKS]
    paths += [r.output_file for r in item.tasks.values() if r.output_file is not None]
    return list(dict.fromkeys(paths))


def output_collision(ctx: LintContext) -> Iterator[Finding]:
    """Two active items write the same output file, so one's work overwrites the other's.

    Names that differ only by case or punctuation (``TruLens``/``Trulens``)
    have one sanitized name, hence the same output paths. Merge them into one
    item (``import-landscape`` keeps the first) or give one its own output file.

    Passes::

        items: {TruLens: {}, Tekton: {}}

    Fails::

        items: {TruLens: {}, Trulens: {}}
    """
    week = Week(ctx.week.week_letter)
    writer: dict[str, str] = {}
    for name, item in ctx.week.active_items():
        reported: set[str] = set()
        for path in _outputs(week, name, item):
            other = writer.setdefault(path, name)
            if other != name and other not in reported:
                reported.add(other)
                yield Finding(
                    ("items", name),
                    f"item {name!r} and item {other!r} both write {path}",
                    key=True,
                )
