"""``tracker sync WEEK NAME... | --file F``: make a week's items match a list of names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import (
    add_json,
    add_mass_removal,
    add_push,
    add_reason,
    ensure_schema,
    open_backend,
)
from tracker.domain.sync import SyncResult, names_from_text
from tracker.exceptions import TrackerFileError, UsageError
from tracker.jsonout import sync_json
from tracker.project import Project
from tracker.store.saferead import ReadLimits, read_limited

HELP = "sync a week's items with a list of names (new added, missing marked removed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("names", nargs="*", help="item names")
    parser.add_argument("--file", help="read names from this file, one per line ('-' = stdin)")
    add_mass_removal(parser)
    add_reason(parser)
    add_push(parser)
    add_json(parser)


def result_line(result: SyncResult) -> str:
    """``week A (created): 3 added, 0 removed, 0 restored``, or ``week A: unchanged``."""
    if not result.changed:
        return f"week {result.week_letter}: unchanged"
    created = " (created)" if result.created else ""
    return (
        f"week {result.week_letter}{created}: {len(result.added)} added, "
        f"{len(result.removed)} removed, {len(result.restored)} restored"
    )


def _read_names(source: str, limits: ReadLimits) -> list[str]:
    if source == "-":
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise UsageError(f"stdin: more than max_file_size ({limits.max_bytes:,} bytes)")
    else:
        try:
            data = read_limited(Path(source), limits)
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file") from None
    try:
        text = data.decode("utf-8-sig")  # Windows editors start files with a byte-order mark
    except UnicodeDecodeError as error:
        raise TrackerFileError(f"{source}: not UTF-8 text ({error.reason})") from None
    return names_from_text(text)


def run(args: argparse.Namespace, project: Project) -> int:
    names = list(args.names)
    if args.file:
        names += _read_names(args.file, project.read_limits)
    tracker = open_backend(project, args)
    result = tracker.sync_with_etl(
        args.week, names, allow_mass_removal=args.allow_mass_removal, reason=args.reason
    )
    wrote_schema = ensure_schema(project) if result.created else None
    if args.json:
        output.write_json(sync_json(result))
        return 0
    output.write(result_line(result))
    if wrote_schema:
        output.write(wrote_schema)
    return 0
