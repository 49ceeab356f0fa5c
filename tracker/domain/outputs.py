"""Output files: the path a task's work goes to, and which paths are safe to record.

A task type's ``output_pattern`` is filled here and nowhere else, with every
field of :data:`PATTERN_FIELDS`; the task types are checked at import to use
no other field, so a pattern can never work in one place and fail in another.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import lru_cache

from tracker.domain.names import sanitized_name
from tracker.domain.weeks import Week

PATTERN_FIELDS: dict[str, Callable[[Week, str | None, str], str]] = {
    "sanitized_name": lambda week, item, task_type: sanitized_name(item or ""),
    "week_letter": lambda week, item, task_type: week.letter,
    "week_folder": lambda week, item, task_type: week.folder,
    "task_type": lambda week, item, task_type: task_type,
}
"""The fields an ``output_pattern`` may use (``research/{sanitized_name}.yaml``)."""


@lru_cache(maxsize=256)
def pattern_fields(pattern: str) -> tuple[str, ...]:
    """The ``{fields}`` a pattern uses, in order. Raises ``ValueError`` if it is malformed."""
    return tuple(f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None)


def fill_pattern(pattern: str, week: Week, item: str | None, task_type: str) -> str:
    """``pattern`` with its fields filled in for one task (only the fields it uses are made:
    this runs for every task of every week the linter or the report reads)."""
    values = {
        name: PATTERN_FIELDS[name](week, item, task_type)
        for name in pattern_fields(pattern)
        if name in PATTERN_FIELDS
    }
    return pattern.format_map(values)


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def unsafe_output(path: str) -> str | None:
    """Why ``path`` may not be recorded as an output file, or None when it is fine.

    Output files are relative to the repository root and stay inside it: no
    absolute path, drive letter, ``..`` part or control character.
    """
    if not path.strip():
        return "it is empty"
    if _CONTROL.search(path):
        return "it contains a control character"
    posix = path.replace("\\", "/")
    if posix.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return "it is absolute"
    if ".." in posix.split("/"):
        return "it leaves the repository (..)"
    return None
