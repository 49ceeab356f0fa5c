"""``tracker diff``: review every week between two git revisions (or a revision and the
working tree), with :mod:`tracker.domain.review`.

Findings become :class:`~tracker.checking.diagnostics.Diagnostic` values at
the task's line in the head's tracker file (or the history line), so they
print in every format ``tracker check`` knows, GitHub annotations included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from tracker.checking.diagnostics import Diagnostic, Severity
from tracker.domain.events import HistoryEvent
from tracker.domain.review import PROBLEMS, HistoryLine, Review, Snapshot, review_week
from tracker.domain.weeks import Week
from tracker.exceptions import TrackerFileError
from tracker.fileformat import yamlio
from tracker.fileformat.positions import Positions
from tracker.fileformat.reader import parse_week
from tracker.git.repo import Repo
from tracker.project import HISTORY_FILE, HISTORY_FOLDER, TRACKER_FILE, Project


@dataclass(frozen=True)
class WeekDiff:
    """One week's review, its tracker file's path (relative to the repository root) and text."""

    review: Review
    tracker_file: str
    head_text: bytes | None


class _Side:
    """Files of the data folder at a revision, or in the working tree (``rev`` None)."""

    def __init__(self, repo: Repo, root: Path, rev: str | None) -> None:
        self.repo, self.root, self.rev = repo, root, rev

    def read(self, name: str) -> bytes | None:
        if self.rev is not None:
            return self.repo.show(self.rev, name)
        path = self.root / name
        return path.read_bytes() if path.is_file() else None

    def files(self, folder: str) -> list[str]:
        """Every file under ``folder``, relative to the repository root."""
        if self.rev is not None:
            return self.repo.list_files(self.rev, folder)
        found = (self.root / folder).rglob("*")
        return sorted(p.relative_to(self.root).as_posix() for p in found if p.is_file())

    def weeks(self, data: str) -> set[Week]:
        found = {Week.from_folder(name.split("/")[-2]) for name in self.files(data) if "/" in name}
        return {week for week in found if week is not None}

    def history_files(self, week_folder: str) -> list[str]:
        """The week's history files: ``history.jsonl``, then the fragments by name."""
        legacy = f"{week_folder}/{HISTORY_FILE}"
        fragments = f"{week_folder}/{HISTORY_FOLDER}/"
        names = self.files(week_folder)
        return [n for n in names if n == legacy] + sorted(
            n for n in names if n.startswith(fragments) and n.endswith(".jsonl")
        )

    def label(self, name: str) -> str:
        return f"{name} at {self.rev}" if self.rev else name


def _events(side: _Side, names: list[str]) -> tuple[list[HistoryEvent], dict[str, HistoryLine]]:
    events: dict[str, HistoryEvent] = {}
    lines: dict[str, HistoryLine] = {}
    for name in names:
        for number, line in enumerate((side.read(name) or b"").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                event = HistoryEvent.model_validate_json(line)
            except ValidationError:
                where = f"{side.label(name)}:{number}"
                raise TrackerFileError(f"{where}: not a valid history event") from None
            events.setdefault(event.event_id, event)
            lines.setdefault(event.event_id, (name, number))
    return list(events.values()), lines


def _snapshot(side: _Side, week_folder: str) -> tuple[Snapshot, bytes | None]:
    tracker_file = f"{week_folder}/{TRACKER_FILE}"
    text = side.read(tracker_file)
    week = parse_week(text, side.label(tracker_file)) if text is not None else None
    events, lines = _events(side, side.history_files(week_folder))
    return Snapshot(week, events, lines), text


def diff(project: Project, base: str, head: str | None = None) -> list[WeekDiff]:
    """Reviews of every week that exists at ``base`` or ``head`` (None: the working tree)."""
    repo = Repo(project.root)
    root = repo.toplevel()
    data = repo.relative(project.data_dir)
    base_rev = repo.resolve(base)
    head_rev = repo.resolve(head) if head is not None else None
    sides = _Side(repo, root, base_rev), _Side(repo, root, head_rev)
    found = []
    for week in sorted(sides[0].weeks(data) | sides[1].weeks(data)):
        folder = f"{data}/{week.folder}"
        before, _ = _snapshot(sides[0], folder)
        after, text = _snapshot(sides[1], folder)
        review = review_week(week.letter, before, after)
        found.append(WeekDiff(review, f"{folder}/{TRACKER_FILE}", text))
    return found


def diagnostics(diffs: list[WeekDiff]) -> list[Diagnostic]:
    """Every finding as a diagnostic at its line (task findings: the head's tracker file)."""
    result = []
    for week in diffs:
        positions = None
        if week.head_text is not None and any(f.key for f in week.review.findings):
            root = yamlio.compose(week.head_text)
            positions = Positions.of_nodes(root) if root is not None else None
        for finding in week.review.findings:
            severity, _ = PROBLEMS[finding.problem]
            path, line, col = week.tracker_file, 1, 1
            if finding.history_line is not None:
                path, line = finding.history_line
            elif finding.key is not None and positions is not None:
                line, col = positions.of(finding.key.loc, key=True)
            message = f"week {week.review.week_letter}: {finding.message}"
            result.append(
                Diagnostic(path, line, col, finding.problem.value, Severity(severity), message)
            )
    return result
