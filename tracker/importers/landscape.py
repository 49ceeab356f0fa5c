"""The CNCF ``landscape.yml``: its items, the series' selection, and the weekly buckets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from tracker.domain.names import bucket_letter, clean_name, fold_ascii
from tracker.domain.sync import SyncResult, sync_items, unique_names
from tracker.domain.weeks import WEEK_LETTERS
from tracker.exceptions import InvalidNameError, LandscapeError, TrackerFileError
from tracker.fileformat import yamlio
from tracker.fileformat.reader import yaml_error_line
from tracker.store.backend import TrackerBackend
from tracker.store.saferead import ReadLimits, read_limited


class LandscapeItem(NamedTuple):
    name: str
    category: str
    subcategory: str
    project: str | None
    repo_url: str | None

    @property
    def archived(self) -> bool:
        return self.project == "archived"


def _mappings(node: Any, key: str, where: str) -> list[dict[str, Any]]:
    value = node.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise LandscapeError(f"{where}: {key!r} is not a list of mappings")
    return value


def _label(value: Any) -> str:
    return value if isinstance(value, str) else "?"


def _walk(data: Any, source: str) -> Iterator[LandscapeItem]:
    if not isinstance(data, dict) or "landscape" not in data:
        raise LandscapeError(f"{source}: no top-level 'landscape' list")
    for category in _mappings(data, "landscape", source):
        cat_name = _label(category.get("name"))
        for sub in _mappings(category, "subcategories", f"{source}: {cat_name}"):
            sub_name = _label(sub.get("name"))
            where = f"{source}: {cat_name} / {sub_name}"
            for item in _mappings(sub, "items", where):
                try:
                    name = clean_name(item.get("name"))
                except InvalidNameError as error:
                    raise LandscapeError(f"{where}: {error}") from None
                project, repo = item.get("project"), item.get("repo_url")
                yield LandscapeItem(
                    name, cat_name, sub_name, project if isinstance(project, str) else None,
                    repo if isinstance(repo, str) else None,
                )  # fmt: skip


def read_landscape(path: Path, limits: ReadLimits | None = None) -> list[LandscapeItem]:
    """Every item of a ``landscape.yml``, in file order.

    Read as untrusted: only a regular file up to ``max_file_size``, no
    anchors or aliases; a problem is a :class:`LandscapeError` naming the file
    (and the line and column, for YAML problems).
    """
    try:
        text = read_limited(path, limits or ReadLimits())
    except FileNotFoundError as error:
        raise LandscapeError(f"{path}: {error.strerror}") from None
    except TrackerFileError as error:
        raise LandscapeError(str(error)) from None
    try:
        data = yamlio.load_plain(text)
    except yamlio.YAMLError as error:
        raise LandscapeError(yaml_error_line(path, error, text)) from None
    return list(_walk(data, str(path)))


def select(
    items: Iterable[LandscapeItem], *, include_archived: bool = False, require_repo: bool = True
) -> list[LandscapeItem]:
    """The series' items: by default not archived and with a ``repo_url``."""
    return [
        item
        for item in items
        if (include_archived or not item.archived) and (not require_repo or item.repo_url)
    ]


def weekly_buckets(names: Iterable[str]) -> dict[str, list[str]]:
    """Names by week letter (all 26 present), exact duplicates once, sorted case-insensitively.

    Raises :class:`LandscapeError` for a name with no letter at all: no name is dropped silently.
    """
    buckets: dict[str, list[str]] = {letter: [] for letter in WEEK_LETTERS}
    for name in unique_names(names):
        letter = bucket_letter(name)
        if letter is None:
            raise LandscapeError(f"item {name!r} has no letter to file it under")
        buckets[letter].append(name)
    for bucket in buckets.values():
        bucket.sort(key=lambda n: (fold_ascii(n).casefold(), n))
    return buckets


class Merged(NamedTuple):
    """A name dropped because it differs from an earlier one only by case."""

    kept: str
    dropped: str


def merge_case_variants(names: Iterable[str]) -> tuple[list[str], list[Merged]]:
    """``names`` without exact duplicates and without case variants of an earlier name.

    The landscape lists some projects twice, spelled differently
    (``TruLens``/``Trulens``): as two items their output files would collide
    (lint N001). The first spelling, in landscape order, is kept.
    """
    first: dict[str, str] = {}
    kept: list[str] = []
    merged: list[Merged] = []
    for name in unique_names(names):
        earlier = first.setdefault(name.casefold(), name)
        if earlier == name:
            kept.append(name)
        else:
            merged.append(Merged(earlier, name))
    return kept, merged


class LandscapeImport(NamedTuple):
    """What an import did: one sync result per week, A to Z, and the names it merged."""

    results: list[SyncResult]
    merged: list[Merged]


def import_landscape(
    backend: TrackerBackend,
    path: Path,
    *,
    include_archived: bool = False,
    require_repo: bool = True,
    allow_mass_removal: bool = False,
    limits: ReadLimits | None = None,
    reason: str | None = None,
) -> LandscapeImport:
    """Sync all 26 weeks from a ``landscape.yml``, case variants of a name merged into it.

    Every week is checked before any is written: a file that would mark most
    of some week's active items removed changes nothing (:class:`MassRemovalError`)
    unless ``allow_mass_removal``.
    """
    items = select(
        read_landscape(path, limits), include_archived=include_archived, require_repo=require_repo
    )
    names, merged = merge_case_variants(item.name for item in items)
    buckets = weekly_buckets(names)
    if not allow_mass_removal:
        for letter, wanted in buckets.items():
            if backend.tracker_exists(letter):
                sync_items(backend.load_tracker(letter), letter, wanted, backend.clock())
    results = [
        backend.sync_with_etl(letter, wanted, allow_mass_removal=allow_mass_removal, reason=reason)
        for letter, wanted in buckets.items()
    ]
    return LandscapeImport(results, merged)
