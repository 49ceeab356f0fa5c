"""Output files: the path a task's work goes to, and which paths are safe to record.

A task type's ``output_pattern`` is filled here and nowhere else, with every
field of :data:`PATTERN_FIELDS`; the task types are checked at import to use
no other field, so a pattern can never work in one place and fail in another.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import PurePosixPath

from tracker.domain.names import sanitized_name
from tracker.domain.weeks import Week

PATTERN_FIELDS: dict[str, Callable[[Week, str | None, str], str]] = {
    "sanitized_name": lambda week, item, task_type: sanitized_name(item or ""),
    "week_letter": lambda week, item, task_type: week.letter,
    "week_folder": lambda week, item, task_type: week.folder,
    "task_type": lambda week, item, task_type: task_type,
}
"""The fields an ``output_pattern`` may use (``research/{sanitized_name}.yaml``)."""


def pattern_fields(pattern: str) -> list[str]:
    """The ``{fields}`` a pattern uses, in order. Raises ``ValueError`` if it is malformed."""
    return [field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None]


def fill_pattern(pattern: str, week: Week, item: str | None, task_type: str) -> str:
    """``pattern`` with its fields filled in for one task."""
    values = {name: make(week, item, task_type) for name, make in PATTERN_FIELDS.items()}
    return pattern.format_map(values)


def unsafe_output(path: str) -> str | None:
    """Why ``path`` may not be recorded as an output file, or None when it is fine.

    Output files are relative to the repository root and stay inside it: no
    absolute path, drive letter, ``..`` part or control character.
    """
    if not path.strip():
        return "it is empty"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return "it contains a control character"
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or (len(path) > 1 and path[1] == ":"):
        return "it is absolute"
    if ".." in pure.parts:
        return "it leaves the repository (..)"
    return None
