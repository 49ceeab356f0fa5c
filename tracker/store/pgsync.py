"""What the database knows of the committed files, for ``tracker db import`` and ``export``.

The files stay the reviewable record; during a run the database is the live
store. Both directions keep each file's SHA-256 (by its path under the data
folder, ``00-A/tracker.yaml``) and each week's revision at that moment, so
neither ever loses work:

- export refuses to overwrite a file that changed on disk since the last
  import or export (a hand edit, a merge), and names it; ``force`` overwrites;
- import refuses to replace a week whose database state changed since then
  (changes not exported yet), and names it; ``force`` replaces it.

Either way, nothing is written when anything is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.weeks import Week
from tracker.exceptions import TrackerError
from tracker.store.pgconnect import translated
from tracker.store.postgres import PostgresTrackerBackend

RECORD_HASH = (
    "INSERT INTO tracker.files (path, sha256) VALUES (%s, %s) ON CONFLICT (path) "
    "DO UPDATE SET sha256 = excluded.sha256, pending_sha256 = NULL, recorded_at = now()"
)


class SyncRefusedError(TrackerError):
    """An import or export would overwrite work: one problem per file or week (``refused``),
    then what to do (the CLI prints each on a line of its own)."""

    def __init__(self, refused: list[str], advice: str) -> None:
        super().__init__(*refused, f"nothing written: {advice}")
        self.refused = refused


@dataclass(frozen=True)
class SyncResult:
    """What an import or export did: the weeks, the files written (export) or read
    (import), and the files an export left alone because they were already equal."""

    weeks: list[Week]
    files: list[Path]
    unchanged: list[Path]


def sha256(data: bytes) -> str:
    """The hex SHA-256 the database keeps of a file."""
    return hashlib.sha256(data).hexdigest()


def unexported_weeks(backend: PostgresTrackerBackend) -> dict[str, int]:
    """Weeks written since their last import or export, and how many writes each."""
    with translated(backend.url):
        rows = backend.connection().execute(
            "SELECT letter, revision - synced_revision FROM tracker.weeks "
            "WHERE body IS NOT NULL AND revision <> synced_revision ORDER BY letter"
        )
        return {letter: count for letter, count in rows}
