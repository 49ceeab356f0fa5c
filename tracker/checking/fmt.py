"""Canonical formatting: rewrite tracker files exactly as the backend writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.checking.diagnostics import Diagnostic
from tracker.checking.validate import validate_text
from tracker.fileformat.emitter import DEFAULT_SCHEMA_REF, dump_week
from tracker.store.safewrite import atomic_write, exclusive_lock

FIXABLE = frozenset({"Y005"})
"""Diagnostics that formatting repairs (it quotes plain timestamps)."""


@dataclass
class Formatted:
    """The outcome for one file: whether it was (or would be) rewritten, or why not."""

    path: Path
    changed: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)


def format_file(
    path: Path, *, check: bool = False, schema_ref: str = DEFAULT_SCHEMA_REF
) -> Formatted:
    """Rewrite ``path`` in canonical form (only report with ``check``), its modeline
    naming ``schema_ref`` (the schema's path relative to the file's folder).

    An invalid file is left alone and its diagnostics returned: formatting
    never guesses what a broken file meant. Plain (unquoted) times are quoted.
    """
    if check:
        return _format(path, schema_ref, write=False)
    with exclusive_lock(path):
        return _format(path, schema_ref, write=True)


def _format(path: Path, schema_ref: str, *, write: bool) -> Formatted:
    text = path.read_bytes()
    result = validate_text(text, str(path))
    if result.week is None or any(d.rule not in FIXABLE for d in result.diagnostics):
        return Formatted(path, diagnostics=result.diagnostics)
    canonical = dump_week(result.week, schema_ref).encode("utf-8")
    if canonical == text:
        return Formatted(path)
    if write:
        atomic_write(path, canonical)
    return Formatted(path, changed=True)
