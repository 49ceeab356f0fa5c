"""Writing tracker files: :class:`WeekTracker` -> canonical YAML text.

A small emitter specialised for the tracker's shape rather than ``yaml.dump``:
it is canonical (same state, same bytes: keys in model order, items in file
order, unset fields left out, times quoted as ISO 8601 with ``Z``) and several
times faster than libyaml's dumper. A property test checks that everything it
writes loads back, with libyaml, to the same data.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from tracker.domain.models import TaskRecord, WeekTracker
from tracker.domain.tasks import TaskKey
from tracker.domain.timeutil import format_time
from tracker.fileformat import yamlio

MODELINE = "# yaml-language-server:"
"""The one comment allowed: on the first line, for editors (every written file starts with it)."""
SCHEMA_MODELINE = MODELINE + " $schema="
"""How every written file starts, so editors validate tracker files as people type."""
DEFAULT_SCHEMA_REF = "../../../schemas/tracker.schema.json"
"""The schema seen from ``data/weeks/NN-L/``: the modeline's target in the standard layout."""


def schema_header(schema_ref: str) -> str:
    """The modeline naming ``schema_ref`` (a path relative to the file's folder)."""
    return f"{SCHEMA_MODELINE}{schema_ref}\n"


_RECORD_TIMES = ("started_at", "completed_at", "lease_expires_at")


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


def _emit_task(out: list[str], indent: str, task_type: str, record: TaskRecord | None) -> None:
    if record is not None:
        out.append(f"{indent}{task_type}:\n")
        _emit_record(out, indent + "  ", record)


def _emit_tasks(
    out: list[str],
    indent: str,
    tasks: dict[str, TaskRecord],
    item: str | None = None,
    sides: Sides | None = None,
) -> None:
    if not tasks:
        out.append(f"{indent}tasks: {{}}\n")
        return
    out.append(f"{indent}tasks:\n")
    for task_type, record in tasks.items():
        both = sides.get(TaskKey(item, task_type)) if sides else None
        if both is None:
            _emit_task(out, indent + "  ", task_type, record)
            continue
        out.append(f"{CONFLICT_MARKERS[0]} ours\n")
        _emit_task(out, indent + "  ", task_type, both[0])
        out.append(f"{CONFLICT_MARKERS[1]}\n")
        _emit_task(out, indent + "  ", task_type, both[1])
        out.append(f"{CONFLICT_MARKERS[2]} theirs\n")


Sides = Mapping[TaskKey, tuple[TaskRecord | None, TaskRecord | None]]
"""Tasks to write as a conflict: our record and theirs, between git's markers."""

CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


def _plain(value: Any) -> str:
    """A scalar of ``metadata``'s extra data, as YAML that loads back to the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        # YAML 1.1 (libyaml) reads a float only with a dot: 1e+20 -> 1.0e+20
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    return yamlio.scalar(str(value))


def _inline(value: Any) -> str:
    """A scalar, or an empty mapping or sequence, on one line."""
    return "{}" if isinstance(value, dict) else "[]" if isinstance(value, list) else _plain(value)


def _emit_data(out: list[str], indent: str, key: str, value: Any) -> None:
    """``key: value`` for JSON-like data: block mappings and sequences, scalars plain."""
    if isinstance(value, dict | list) and value:
        out.append(f"{indent}{key}:\n")
        _emit_children(out, indent + "  ", value)
    else:
        out.append(f"{indent}{key}: {_inline(value)}\n")


def _emit_item(out: list[str], indent: str, value: Any) -> None:
    """One sequence entry: ``- value``; a mapping or sequence starts on the dash's line."""
    if isinstance(value, dict | list) and value:
        lines: list[str] = []
        _emit_children(lines, indent + "  ", value)
        lines[0] = f"{indent}- {lines[0][len(indent) + 2 :]}"
        out.extend(lines)
    else:
        out.append(f"{indent}- {_inline(value)}\n")


def _emit_children(out: list[str], indent: str, value: dict[str, Any] | list[Any]) -> None:
    """The entries of a non-empty mapping or sequence, at ``indent``."""
    if isinstance(value, dict):
        for name, child in value.items():
            _emit_data(out, indent, yamlio.scalar(name), child)
    else:
        for child in value:
            _emit_item(out, indent, child)


def dump_week(
    week: WeekTracker, schema_ref: str = DEFAULT_SCHEMA_REF, *, conflicts: Sides | None = None
) -> str:
    """The canonical text of a week's tracker file; the modeline names ``schema_ref``.

    With ``conflicts``, those tasks are written as git writes a conflict (both
    records between ``<<<<<<<``/``=======``/``>>>>>>>`` lines) for a person to
    resolve; such text is not a valid tracker file until they do.
    """
    return "".join(week_chunks(week, schema_ref, conflicts=conflicts))


def is_dump_of(week: WeekTracker, text: str, schema_ref: str) -> bool:
    """Whether ``text`` is exactly ``dump_week(week, schema_ref)``, compared a piece at a time:
    a large week's text is never held twice, and a difference stops the comparison."""
    at = 0
    for chunk in week_chunks(week, schema_ref):
        if not text.startswith(chunk, at):
            return False
        at += len(chunk)
    return at == len(text)


def week_chunks(
    week: WeekTracker, schema_ref: str = DEFAULT_SCHEMA_REF, *, conflicts: Sides | None = None
) -> Iterator[str]:
    """:func:`dump_week`'s text in pieces: the metadata, each item, the week's tasks."""
    meta = week.metadata
    out = [schema_header(schema_ref), "metadata:\n"]
    if meta.week_letter is not None:
        out.append(f"  week_letter: {meta.week_letter}\n")
    for field in ("created_at", "last_synced"):
        value = getattr(meta, field)
        if value is not None:
            out.append(f"  {field}: '{format_time(value)}'\n")
    out.append(f"  etl_item_count: {meta.etl_item_count}\n")
    for key, value in (meta.model_extra or {}).items():
        _emit_data(out, "  ", yamlio.scalar(key), value)
    if week.items:
        out.append("items:\n")
        yield "".join(out)
        for name, item in week.items.items():
            out = [f"  {yamlio.scalar(name)}:\n"]
            _emit_tasks(out, "    ", item.tasks, name, conflicts)
            if item.removed:
                out.append("    removed: true\n")
            yield "".join(out)
        out = []
    else:
        out.append("items: {}\n")
    out.append("week_tasks:\n")
    _emit_tasks(out, "  ", week.week_tasks.tasks, None, conflicts)
    yield "".join(out)
