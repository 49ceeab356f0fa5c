"""Tracker files: YAML text <-> :class:`WeekTracker`.

The writer is a small emitter specialised for the tracker's shape rather
than ``yaml.dump``: it is canonical (same state, same bytes: keys in model
order, items in file order, unset fields left out, times quoted as ISO 8601
with ``Z``) and several times faster than libyaml's dumper. A property test
checks that everything it writes loads back, with libyaml, to the same data.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tracker.domain.models import TaskRecord, WeekTracker
from tracker.domain.timeutil import format_time
from tracker.exceptions import TrackerFileError
from tracker.fileformat import yamlio
from tracker.fileformat.fastreader import load_canonical
from tracker.fileformat.positions import one_based

SCHEMA_HEADER = "# yaml-language-server: $schema=../../../schemas/tracker.schema.json\n"
"""First line of every written file, so editors validate tracker files as people type."""

_RECORD_TIMES = ("started_at", "completed_at", "lease_expires_at")


def describe_location(loc: tuple[int | str, ...]) -> str:
    """``('items', 'Argo', 'status')`` -> ``items.Argo.status``."""
    return ".".join(str(part) for part in loc) or "(top level)"


def week_from_data(data: Any, source: str) -> WeekTracker:
    """Validate loaded YAML data as a week; :class:`TrackerFileError` naming the problem."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise TrackerFileError(
            f"{source}: expected a mapping with 'metadata' and 'items', got {kind}"
        )
    try:
        return WeekTracker.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        where = describe_location(tuple(first["loc"]))
        raise TrackerFileError(f"{source}: {where}: {first['msg']}{more}") from None


def parse_week(text: str | bytes, source: str | Path) -> WeekTracker:
    """Parse a tracker file's text; ``source`` names it in errors."""
    with gc_paused():
        return _parse_week(text, source)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's objects are built.

    Parsing allocates many objects and frees none, so every collection it
    triggers is wasted; worse, full collections rescan every week loaded
    before, which made loading all weeks grow faster than the data.
    Reference counting still frees everything; nothing parsed is cyclic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_week(text: str | bytes, source: str | Path) -> WeekTracker:
    week = _parse_canonical(text)
    if week is not None:
        return week
    try:
        data = yamlio.load(text)
    except yamlio.MarkedYAMLError as error:
        mark = error.problem_mark
        where = ":{}:{}".format(*one_based(mark.line, mark.column)) if mark is not None else ""
        raise TrackerFileError(f"{source}{where}: invalid YAML: {error.problem}") from None
    except yamlio.YAMLError as error:
        raise TrackerFileError(f"{source}: invalid YAML: {error}") from None
    return week_from_data(data, str(source))


def _parse_canonical(text: str | bytes) -> WeekTracker | None:
    """The week, if ``text`` is exactly what :func:`dump_week` writes for it; else None.

    Writing the candidate back and comparing is what makes the fast reader
    safe: the text is then canonical, and canonical text loads with libyaml
    to the same data (the emitter's property test), so the result is the one
    the libyaml path would give. Errors are left to that path to report.
    """
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        return None
    if not decoded.startswith(SCHEMA_HEADER):
        return None
    data = load_canonical(decoded)
    if data is None:
        return None
    try:
        week = WeekTracker.model_validate(data)
    except ValidationError:
        return None
    return week if dump_week(week) == decoded else None


def _emit_record(out: list[str], indent: str, record: TaskRecord) -> None:
    out.append(f"{indent}status: {record.status.value}\n")
    if record.agent is not None:
        out.append(f"{indent}agent: {yamlio.scalar(record.agent)}\n")
    for field in _RECORD_TIMES[:2]:
        value = getattr(record, field)
        if value is not None:
            out.append(f"{indent}{field}: '{format_time(value)}'\n")
    if record.output_file is not None:
        out.append(f"{indent}output_file: {yamlio.scalar(record.output_file)}\n")
    if record.error_message is not None:
        out.append(f"{indent}error_message: {yamlio.scalar(record.error_message)}\n")
    if record.retry_count:
        out.append(f"{indent}retry_count: {record.retry_count}\n")
    if record.lease_expires_at is not None:
        out.append(f"{indent}lease_expires_at: '{format_time(record.lease_expires_at)}'\n")


def _emit_tasks(out: list[str], indent: str, tasks: dict[str, TaskRecord]) -> None:
    if not tasks:
        out.append(f"{indent}tasks: {{}}\n")
        return
    out.append(f"{indent}tasks:\n")
    for task_type, record in tasks.items():
        out.append(f"{indent}  {task_type}:\n")
        _emit_record(out, indent + "    ", record)


def dump_week(week: WeekTracker) -> str:
    """The canonical text of a week's tracker file."""
    meta = week.metadata
    out = [SCHEMA_HEADER, "metadata:\n", f"  week_letter: {meta.week_letter}\n"]
    for field in ("created_at", "last_synced"):
        value = getattr(meta, field)
        if value is not None:
            out.append(f"  {field}: '{format_time(value)}'\n")
    out.append(f"  etl_item_count: {meta.etl_item_count}\n")
    if week.items:
        out.append("items:\n")
        for name, item in week.items.items():
            out.append(f"  {yamlio.scalar(name)}:\n")
            _emit_tasks(out, "    ", item.tasks)
            if item.removed:
                out.append("    removed: true\n")
    else:
        out.append("items: {}\n")
    out.append("week_tasks:\n")
    _emit_tasks(out, "  ", week.week_tasks.tasks)
    return "".join(out)
