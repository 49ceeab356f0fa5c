"""The project: where the repository, its data folder and its schema are, and its settings.

Built once per command (and once per :func:`tracker.get_tracker`) and passed
down, so the root is found one way only:

- the **repository root** is the nearest folder at or above the data folder
  that holds ``.git`` (the repository that holds the data);
- outside git, it is the working directory when the data folder is inside it,
  else the folder two levels above the data folder (the ``ROOT/data/weeks`` layout).

The store is the files, unless a PostgreSQL URL is given (``--database-url``
or ``$TRACKER_DATABASE_URL``): then the database is the live store, and the
files are what ``tracker db export`` writes and ``tracker db import`` reads.

Settings come from that root's ``pyproject.toml`` only (or a file named
explicitly): a ``pyproject.toml`` in any folder above the repository is never
read, so nobody outside the repository can put an ``on_change`` command in
front of its writes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.weeks import Week
from tracker.settings import Settings, read_settings
from tracker.store.saferead import ReadLimits

DATA_DIR_ENV = "TRACKER_DATA_DIR"
DATABASE_URL_ENV = "TRACKER_DATABASE_URL"
DEFAULT_DATA_DIR = Path("data/weeks")
PYPROJECT = "pyproject.toml"
SCHEMA_PATH = Path("schemas/tracker.schema.json")
"""Where the JSON Schema is committed, relative to the repository root."""
TRACKER_FILE = "tracker.yaml"
HISTORY_FILE = "history.jsonl"
HISTORY_FOLDER = "history"
"""A week's files, in its folder ``<data_dir>/NN-L/``: the tracker file, and its history as
``history/<writer>.jsonl`` fragments (plus ``history.jsonl`` from before fragments)."""


def default_data_dir() -> Path:
    """``$TRACKER_DATA_DIR``, else ``data/weeks`` (relative to the working directory)."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def find_root(data_dir: Path) -> Path:
    """The repository root for ``data_dir`` (see the module docstring), relative to the
    working directory when it is inside it, so paths in messages stay short."""
    data = data_dir.resolve()
    here = Path.cwd().resolve()
    root = next((f for f in (data, *data.parents) if (f / ".git").exists()), None)
    if root is None:
        root = here if data.is_relative_to(here) else data.parent.parent
    return root.relative_to(here) if root.is_relative_to(here) else root


def history_files_in(folder: Path) -> list[Path]:
    """Every history file in a week's folder: ``history.jsonl``, then the fragments by name."""
    legacy = [folder / HISTORY_FILE] if os.path.lexists(folder / HISTORY_FILE) else []
    return legacy + sorted((folder / HISTORY_FOLDER).glob("*.jsonl"))


@dataclass(frozen=True)
class Project:
    """One repository of tracker data."""

    root: Path
    """The repository root: output files and the schema are relative to it."""
    data_dir: Path
    """The folder of ``NN-L`` week folders."""
    settings: Settings
    database_url: str | None = field(default=None, repr=False)
    """The PostgreSQL database that is the live store, if any (else the files are)."""

    @property
    def read_limits(self) -> ReadLimits:
        """What every reader of the repository's files accepts (:mod:`tracker.store.saferead`)."""
        return ReadLimits(self.settings.max_file_size, self.root)

    @property
    def schema_path(self) -> Path:
        return self.root / SCHEMA_PATH

    @property
    def pyproject(self) -> Path:
        return self.root / PYPROJECT

    def schema_ref(self, folder: Path) -> str:
        """The schema's path as seen from ``folder`` (where a tracker file is), for the
        editor modeline every written file starts with."""
        return Path(os.path.relpath(self.schema_path, folder)).as_posix()

    def week_dir(self, week: Week) -> Path:
        return self.data_dir / week.folder

    def tracker_path(self, week: Week) -> Path:
        return self.week_dir(week) / TRACKER_FILE

    def history_path(self, week: Week, writer: str) -> Path:
        """The history fragment ``writer`` appends to."""
        return self.week_dir(week) / HISTORY_FOLDER / f"{writer}.jsonl"

    def history_files(self, week: Week) -> list[Path]:
        """Every history file of the week: ``history.jsonl``, then the fragments by name."""
        return history_files_in(self.week_dir(week))

    def week_files(self) -> list[Path]:
        """Every ``*/tracker.yaml`` under the data folder, sorted (badly named folders too)."""
        return sorted(self.data_dir.glob(f"*/{TRACKER_FILE}"))

    @classmethod
    def find(
        cls,
        data_dir: str | Path | None = None,
        *,
        config: Path | None = None,
        database_url: str | None = None,
    ) -> Project:
        """The project holding ``data_dir`` (default :func:`default_data_dir`).

        ``config`` names the ``pyproject.toml`` to read instead of the root's;
        ``database_url`` the live store (default ``$TRACKER_DATABASE_URL``, else none).
        """
        data = Path(data_dir) if data_dir is not None else default_data_dir()
        root = find_root(data)
        url = database_url or os.environ.get(DATABASE_URL_ENV) or None
        return cls(root, data, read_settings(config or root / PYPROJECT), url)
