"""``tracker check`` answered from its result cache (:mod:`tracker.checking.cache`).

Looked up before the command line is parsed in full: building the parser imports every
check module (pydantic, PyYAML), which is most of what a hit saves. So the few options
that decide where the data is and whether the cache may be used are read here on their
own (no abbreviations); a run's entry is stored only when the full parser read the same
values, so an argument list this reading misunderstands is never answered from the cache.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.cachedir import NO_CACHE_ENV
from tracker.checking.cache import Entry, Horizon, entry_path, load, run_key, store
from tracker.cli import output
from tracker.exceptions import TrackerError
from tracker.project import Project


def add_no_cache(parser: argparse.ArgumentParser) -> None:
    """``--no-cache``: check in full, and store nothing; as ``$TRACKER_NO_CACHE``, texts the
    tracker wrote are proven canonical again too (:mod:`tracker.fileformat.known`)."""
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"check everything again instead of replaying an unchanged run's result, "
        f"trusting no cache (also: ${NO_CACHE_ENV}=1)",
    )


def _options() -> argparse.ArgumentParser:
    """The options of ``check`` that say what it reads and whether the cache may answer."""
    from tracker.cli.main import add_global_options  # main imports this module when it runs

    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_global_options(parser)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--schema", type=Path)
    parser.add_argument("--check-outputs", action="store_true")
    add_no_cache(parser)
    return parser


@dataclass(frozen=True)
class CachedCheck:
    """One ``tracker check`` that the cache may answer: where its entry is, and its key."""

    argv: tuple[str, ...]
    project: Project
    """Found from the options read here: the full run uses it (they must agree)."""
    asked: dict[str, object]
    """The options read here, by name: the full parser must read the same."""
    inputs: tuple[Path, ...]
    path: Path
    key: str

    @classmethod
    def prepare(cls, argv: Sequence[str]) -> CachedCheck | None:
        """The cached check of ``argv``; None when the cache must not be used: asked not to
        (``--no-cache``, ``$TRACKER_NO_CACHE``), files outside the data are checked
        (``--check-outputs``), the store is a database, there is no cache folder, or the
        data is being written or was left mid-write (see :mod:`tracker.checking.cache`)."""
        asked, _ = _options().parse_known_args(argv)
        if asked.no_cache or os.environ.get(NO_CACHE_ENV) or asked.check_outputs:
            return None
        try:  # the one way the root and data folder are found; a problem is the full run's
            project = Project.find(
                asked.data_dir, config=asked.config, database_url=asked.database_url
            )
        except (TrackerError, OSError):
            return None
        path = entry_path(project.root, argv)
        if project.database_url or path is None:
            return None
        schema: Path = asked.schema or project.schema_path
        inputs = tuple(p for p in (project.pyproject, asked.config, schema) if p is not None)
        key = run_key(argv, project.data_dir, inputs)
        if key is None:
            return None
        return cls(tuple(argv), project, vars(asked), inputs, path, key)

    def lookup(self) -> Entry | None:
        """The stored entry, if it holds for this run now."""
        return load(self.path, self.key, time.time())

    def agrees(self, args: argparse.Namespace) -> bool:
        """Whether the full parser read the options as :meth:`prepare` did."""
        return all(getattr(args, name, None) == value for name, value in self.asked.items())

    def run(self, args: argparse.Namespace, check: Callable[[], int]) -> int:
        """Run ``check`` (which reads ``args``), noting what it prints, and store that
        with its status when it ends normally and the data did not change meanwhile."""
        horizon = Horizon()
        args.horizon = horizon  # filled by the rules that depend on the time
        with output.recording() as writes:
            status = check()
        if run_key(self.argv, self.project.data_dir, self.inputs) == self.key:
            store(self.path, self.key, Entry(tuple(writes), status, horizon.timestamp))
        return status


def replay(entry: Entry) -> int:
    """Print what the stored run printed; its exit status."""
    output.replay(entry.writes)
    output.flush()
    return entry.status
