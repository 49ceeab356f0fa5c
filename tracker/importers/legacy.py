"""Migration of a legacy ``tasks.yaml`` (a list of item names) to ``tracker.yaml``.

An explicit operation: reading a week never migrates it as a side effect.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tracker.domain.sync import SyncResult
from tracker.domain.weeks import ALL_WEEKS, Week
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.fileformat import yamlio
from tracker.fileformat.reader import yaml_error_line
from tracker.store.saferead import ReadLimits, read_limited
from tracker.store.yamlstore import YAMLTrackerBackend

LEGACY_FILE = "tasks.yaml"


def _name_of(entry: Any, path: Path, index: int) -> str:
    if isinstance(entry, str) and entry:
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"]:
        return str(entry["name"])
    raise TrackerFileError(
        f"{path}: entry {index + 1} is neither a name nor a mapping with a 'name' key"
    )


def read_legacy_names(path: Path, limits: ReadLimits | None = None) -> list[str]:
    """Item names from a legacy file: a list of names, or of mappings with ``name``.

    Read as untrusted, like ``landscape.yml``: a regular file up to
    ``max_file_size``, no anchors or aliases.
    """
    text = read_limited(path, limits or ReadLimits())
    try:
        data = yamlio.load_plain(text)
    except yamlio.YAMLError as error:
        raise TrackerFileError(yaml_error_line(path, error, text)) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise TrackerFileError(f"{path}: expected a list of item names")
    return [_name_of(entry, path, i) for i, entry in enumerate(data)]


def migrate_week(
    backend: YAMLTrackerBackend, week_letter: str | Week, *, reason: str | None = None
) -> SyncResult:
    """Create the week's ``tracker.yaml`` from its ``tasks.yaml`` (which is kept)."""
    letter = Week.parse(week_letter)
    legacy = backend.week_dir(letter) / LEGACY_FILE
    if not os.path.lexists(legacy):  # anything else there is refused by the reader, saying why
        raise TrackerError(f"week {letter} has no legacy {legacy}")
    if backend.tracker_path(letter).exists():
        raise TrackerError(f"week {letter} already has {backend.tracker_path(letter)}")
    names = read_legacy_names(legacy, backend.project.read_limits)
    return backend.sync_with_etl(letter, names, reason=reason)


def legacy_weeks(backend: YAMLTrackerBackend) -> list[Week]:
    """Weeks with a ``tasks.yaml`` and no ``tracker.yaml`` yet."""
    return [
        week
        for week in ALL_WEEKS
        if os.path.lexists(backend.week_dir(week) / LEGACY_FILE)
        and not backend.tracker_path(week).exists()
    ]
