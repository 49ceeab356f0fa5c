"""``[tool.tracker]`` in the repository's ``pyproject.toml``: every setting, declared once.

:data:`KEYS` lists each key with its parser and a line of help; :func:`read_settings`
reads the table once per command into one frozen :class:`Settings`. An unknown
key never fails a command: it becomes a warning naming the key (a newer
tracker's setting, or a typo), and every other key still applies.

.. code-block:: toml

    [tool.tracker]
    lease = "45m"                       # how long a claim lasts unless renewed
    on_change = "scripts/notify-chat"   # run after each state change, event JSON on stdin
    ignore = ["A001"]                   # lint rules to skip (select: the only ones to run)
    series_start = 2026-11-02           # the first day of week A: one letter a week from then
    lock_timeout = "10s"                # how long to wait for a week's lock
    max_file_size = "4MB"               # the largest file any command reads
    push_remote = "origin"              # where --push pushes (default: the branch's upstream)
    push_branch = "main"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from tracker.domain.timeutil import parse_date, parse_duration
from tracker.exceptions import ConfigError, TrackerFileError
from tracker.store.saferead import DEFAULT_MAX_FILE_SIZE, ReadLimits, read_limited

DEFAULT_LEASE = timedelta(hours=2)
DEFAULT_LOCK_TIMEOUT = timedelta(seconds=30)


@dataclass(frozen=True)
class Settings:
    """The repository's tracker settings (defaults where the table says nothing)."""

    lease: timedelta = DEFAULT_LEASE
    """How long a claim lasts unless renewed."""
    on_change: str | None = None
    """A shell command run after each state change, with the event's JSON line on stdin."""
    select: tuple[str, ...] = ()
    """Lint rule codes (or prefixes) to run; empty runs every rule."""
    ignore: tuple[str, ...] = ()
    """Lint rule codes (or prefixes) to skip."""
    series_start: date | None = None
    """The first day of week A; week N starts N weeks later. None: the report shows no dates."""
    lock_timeout: timedelta = DEFAULT_LOCK_TIMEOUT
    """How long a writer waits for a week's lock before giving up, naming the holder."""
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    """The largest file (in bytes) any command reads: tracker files, history, landscape."""
    push_remote: str | None = None
    """The remote ``--push`` pushes to; None: the current branch's upstream's."""
    push_branch: str | None = None
    """The branch ``--push`` pushes to; None: the current branch's upstream."""
    source: Path | None = field(default=None, compare=False)
    """The ``pyproject.toml`` read, if any."""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """What was wrong but not fatal (unknown keys), one line each."""


def _duration(value: object) -> timedelta:
    if not isinstance(value, str):
        raise ValueError('expected a duration as text, e.g. "45m"')
    return parse_duration(value)


_SIZE = re.compile(r"(\d+)\s*([KMG]?)(?:i?B)?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(value: object) -> int:
    """A size in bytes: a number, or text such as ``"512KB"``, ``"16MB"``, ``"1GB"`` (binary)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or int(match[1]) == 0:
        raise ValueError('expected a positive size, e.g. "16MB", "512KB" or a number of bytes')
    return int(match[1]) * _UNITS[match[2].upper()]


def _command(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a shell command as text")
    return value


def _git_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise ValueError('expected a name without spaces, e.g. "origin" or "main"')
    return value


def _codes(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('expected a list of rule codes, e.g. ["A001"]')
    return tuple(value)


def _date(value: object) -> date:
    """A TOML date (``2026-11-02``) or the same as text; a time of day is refused."""
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, datetime):
        raise ValueError(f"expected a date like 2026-11-02, not a time ({value.isoformat()})")
    if isinstance(value, date):
        return value
    raise ValueError(f"expected a date like 2026-11-02, got {value!r}")


class Key(NamedTuple):
    parse: Callable[[object], Any]
    help: str


KEYS: dict[str, Key] = {
    "lease": Key(_duration, "how long a claim lasts unless renewed (2h, 90m, 1h30m, 45s)"),
    "on_change": Key(_command, "shell command run after each state change, event JSON on stdin"),
    "select": Key(_codes, "lint rules to run (codes or prefixes); default: all"),
    "ignore": Key(_codes, "lint rules to skip (codes or prefixes)"),
    "series_start": Key(_date, "the first day of week A (a date); the report shows week dates"),
    "lock_timeout": Key(_duration, "how long to wait for a week's lock before failing (30s)"),
    "max_file_size": Key(parse_size, "the largest file any command reads (16MB; KB, MB, GB)"),
    "push_remote": Key(_git_name, "the remote `--push` pushes to (default: the branch's upstream)"),
    "push_branch": Key(_git_name, "the branch `--push` pushes to (default: the branch's upstream)"),
}
"""Every ``[tool.tracker]`` key, by name: the one reader of the table uses this list."""


def parse_settings(table: object, source: Path | None = None) -> Settings:
    """Settings from a ``[tool.tracker]`` table; a wrong value is a :class:`ConfigError`."""
    where = f"{source}: " if source is not None else ""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}[tool.tracker] must be a table")
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in table.items():
        key = KEYS.get(name)
        if key is None:
            known = ", ".join(KEYS)
            warnings.append(f"{where}unknown [tool.tracker] key {name!r} ignored (known: {known})")
            continue
        try:
            values[name] = key.parse(value)
        except ValueError as error:
            raise ConfigError(f"{where}[tool.tracker] {name}: {error}") from None
    return replace(Settings(**values), source=source, warnings=tuple(warnings))


def read_settings(pyproject: Path) -> Settings:
    """The settings in ``pyproject`` (defaults when it does not exist or has no table)."""
    try:
        data = tomllib.loads(read_limited(pyproject, ReadLimits()).decode("utf-8"))
    except FileNotFoundError:
        return Settings()
    except TrackerFileError as error:
        raise ConfigError(str(error)) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{pyproject}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{pyproject}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    table = tool.get("tracker", {}) if isinstance(tool, dict) else {}
    return parse_settings(table, pyproject)
