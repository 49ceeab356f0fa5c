"""A tracker whose weeks live on a remote branch: every write is a commit pushed onto it.

The remote decides. Each write (the same locked edit protocol as every
storage, :meth:`TrackerBackend._edit`) fetches the branch, reads the week
from the fetched tip (never the work tree), lets the state machine change it,
and ends by building a commit on top of that tip (the tracker file, the
events appended to this clone's pushed history fragment, and the output file
of a task it completed) and pushing it. git refuses a push that is not a
fast-forward, so if anyone pushed meanwhile the whole operation runs again
on the new tip, where the state machine decides afresh: a task taken
meanwhile is a :class:`LeaseError`, an item removed an :class:`ItemRemovedError`,
as anywhere else. An operation returns only once its push landed, so across
every clone exactly one claim of a task wins.

Retries are bounded (:data:`MAX_ATTEMPTS`, waits with jitter). The clone's
work tree, index and branch are only touched after a push, and only when
git can fast-forward them without losing anything
(:mod:`tracker.git.fastforward`). Any number of processes of one clone can
push at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from tracker.domain.events import HistoryEvent
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.sync import SyncResult
from tracker.domain.tasks import TaskChange
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import PushError, TrackerError, WeekNotFoundError
from tracker.git.fastforward import bring_forward, checked_out_tracking
from tracker.git.remote import Remote, backoff, fetch, find_remote, is_ancestor, push
from tracker.git.repo import Repo
from tracker.git.snapshot import Snapshot
from tracker.git.tree import build_commit
from tracker.project import HISTORY_FILE, HISTORY_FOLDER, TRACKER_FILE, Project
from tracker.store import history
from tracker.store.saferead import read_limited
from tracker.store.safewrite import exclusive_lock
from tracker.store.writer import git_dir, pushing_writer_name
from tracker.store.yamlstore import YAMLTrackerBackend

PUSH_LOCK = "tracker-push"
"""``.git/tracker-push.lock``: the processes of one clone push in turn."""

MAX_ATTEMPTS = 25
"""How many times one operation is tried on a branch that keeps moving before giving up."""

T = TypeVar("T")


class BranchMovedError(PushError):
    """The branch moved on between fetch and push (retried by every write operation)."""


@dataclass
class _Staged:
    """What one edit writes: files (path from the repository root -> contents), and why."""

    files: dict[str, bytes] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


class RemoteTrackerBackend(YAMLTrackerBackend):
    """The tracker files of a remote branch (``remote``/``branch``, default the current
    branch's upstream or the ``push_remote``/``push_branch`` settings), changed by pushes."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        clock: Clock = utc_now,
        *,
        project: Project | None = None,
        remote: str | None = None,
        branch: str | None = None,
    ) -> None:
        super().__init__(data_dir, clock, project=project)
        folder = git_dir(self.project.root)
        if folder is None:
            raise PushError(f"--push: {self.project.root.resolve()} is not in a git clone")
        self.repo = Repo(Repo(self.project.root).toplevel())
        try:
            self.folder = self.repo.relative(self.data_dir)
            self._root = Path(self.repo.relative(self.project.root))
        except ValueError:
            raise PushError(f"--push: {self.data_dir} is not inside {self.repo.folder}") from None
        self.remote: Remote = find_remote(self.repo, self.settings, remote, branch)
        self.writer = pushing_writer_name(folder, self.remote.branch)
        self.max_attempts = MAX_ATTEMPTS
        self.pushes: list[int] = []
        """How many attempts each pushed change took (1: the first push landed)."""
        self._tip: Snapshot | None = None
        self._blobs: dict[str, bytes] = {}
        self._staged: _Staged | None = None
        self._attempt = 0
        self._forward_notice: str | None = None
        self._checked_out = checked_out_tracking(self.remote)
        self._outputs: list[str] = []
        self.forward_after_push = True
        """Bring the clone forward after each push (``tracker work`` does it once, at the end,
        with :meth:`bring_forward`)."""

    # -- reading the remote tip ---------------------------------------------

    def refresh(self) -> None:
        """Fetch the branch: reads from now on see its tip."""
        self._tip = self._snapshot(fetch(self.remote))

    def _snapshot(self, commit: str) -> Snapshot:
        return Snapshot(self.repo, commit, self.folder, self.settings.max_file_size, self._blobs)

    @property
    def tip(self) -> Snapshot:
        """The branch as last fetched (fetched now if it never was)."""
        if self._tip is None:
            self.refresh()
        assert self._tip is not None
        return self._tip

    def _path(self, week: Week, *names: str) -> str:
        return "/".join((self.folder, week.folder, *names))

    def _fragment(self, week: Week) -> str:
        """The history fragment this clone appends to on the branch."""
        return self._path(week, HISTORY_FOLDER, f"{self.writer}.jsonl")

    def _source(self, week: Week) -> Path:
        return Path(f"{self.remote}:{self._path(week, TRACKER_FILE)}")

    def _stored_weeks(self) -> list[Week]:
        found = set()
        for path in self.tip.entries:
            folder, _, name = path.removeprefix(self.folder + "/").partition("/")
            week = Week.from_folder(folder) if name == TRACKER_FILE else None
            if week is not None:
                found.add(week)
        return sorted(found)

    def _text(self, week: Week) -> bytes | None:
        if not self.tip.listed:  # one change reads its own week's file, nothing else
            return self.tip.blob(self._path(week, TRACKER_FILE))
        # One batch reads every week's file the tip changed; the rest are kept from before.
        texts = self.tip.read([self._path(w, TRACKER_FILE) for w in self._stored_weeks()])
        return texts.get(self._path(week, TRACKER_FILE))

    def _history(self, week: Week) -> list[HistoryEvent]:
        fragments = self._path(week, HISTORY_FOLDER) + "/"
        names = [self._path(week, HISTORY_FILE), *sorted(
            path for path in self.tip.entries
            if path.startswith(fragments) and path.endswith(".jsonl")
            and "/" not in path.removeprefix(fragments)
        )]  # fmt: skip
        texts = self.tip.read(names)
        events, warnings = history.merge_histories(
            (f"{self.remote}:{name}", history.parse_events(text))
            for name, text in texts.items()
            if text is not None
        )
        for problem in warnings:
            self._notice(problem)
        return events

    # -- writing: a commit on the tip, pushed --------------------------------

    @contextmanager
    def _lock(self, week: Week, *, create: bool) -> Iterator[None]:
        # Processes of one clone take turns (their pushes would only refuse each other's):
        # the remote decides between clones, this lock within one.
        staged = _Staged()
        with exclusive_lock(self.repo.git_dir() / PUSH_LOCK, self.settings.lock_timeout):
            self.refresh()
            self.tip.read([self._path(week, TRACKER_FILE), self._fragment(week)])  # one batch
            if not create and self._text(week) is None:
                raise WeekNotFoundError(f"week {week} has no tracker on {self.remote}")
            self._staged = staged
            try:
                yield
            finally:
                self._staged = None
            pushed = self._push(staged) if staged.files else None
        if pushed is not None and self.forward_after_push:
            self._bring_forward(pushed)

    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        staged = self._staged
        assert staged is not None, "writes happen under the week's lock"
        staged.files[self._path(week, TRACKER_FILE)] = self._encode(week, tracker)
        staged.lines += [_event_line(week, event) for event in events]
        if not events:
            staged.lines.append(f"week {week}: lease renewed")
            return
        fragment = self._fragment(week)
        recorded = self.tip.blob(fragment) or b""
        staged.files[fragment] = history.appended(recorded, history.encode(events))
        for event in events:
            if event.to_status is TaskStatus.COMPLETED and event.output_file:
                self._stage_output(staged, event.output_file)

    def _stage_output(self, staged: _Staged, output: str) -> None:
        """Commit a completed task's output file with it, when the clone has it."""
        try:
            data = read_limited(self.project.root / output, self.project.read_limits)
        except FileNotFoundError:
            return
        except TrackerError as error:
            self._notice(f"output not committed: {error}")
            return
        path = (self._root / output).as_posix()
        staged.files[path] = data
        staged.outputs.append(path)

    def _push(self, staged: _Staged) -> str:
        lines = staged.lines or ["tracker files"]
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        message = f"tracker: {lines[0]}{more}\n\n" + "\n".join(lines) + "\n"
        commit = build_commit(self.repo, self.tip.commit, staged.files, message)
        if not self._pushed(commit):
            raise BranchMovedError(
                f"{self.remote} moved on while this change was pushed; nothing was changed "
                "there (run the command again)"
            )
        self.pushes.append(self._attempt)
        self._tip = self._snapshot(commit)  # what this process wrote is what it reads next
        self._outputs += staged.outputs
        return commit

    def _pushed(self, commit: str) -> bool:
        """Push ``commit``: whether it landed. A push whose answer was lost (the connection
        dropped after the server took it) is found on the branch by fetching again."""
        try:
            return push(self.remote, commit)
        except PushError:
            try:
                landed = is_ancestor(self.repo, commit, fetch(self.remote))
            except PushError:
                landed = False
            if not landed:
                raise
            return True

    def bring_forward(self) -> None:
        """Bring the clone's branch and work tree to the last commit this tracker pushed, when
        that loses nothing (else a notice says why); :attr:`forward_after_push` does it after
        every push."""
        if self.pushes:
            self._bring_forward(self.tip.commit)

    def _bring_forward(self, commit: str) -> None:
        if self._checked_out is None:
            return
        outputs, self._outputs = self._outputs, []
        notice = bring_forward(
            self.remote, self._checked_out, commit, outputs, self._local_locks,
            str(self.data_dir.resolve()), self.settings.lock_timeout,
        )  # fmt: skip
        if notice is not None and notice != self._forward_notice:
            self._notice(f"pushed to {self.remote}; {notice}")
        self._forward_notice = notice

    @contextmanager
    def _local_locks(self) -> Iterator[None]:
        """Every week's lock in the clone (tracker writes in the work tree wait)."""
        with ExitStack() as locks:
            for week in YAMLTrackerBackend._stored_weeks(self):
                locks.enter_context(YAMLTrackerBackend._lock(self, week, create=False))
            yield

    # -- every write runs again on a branch that moved on ---------------------

    def _pushing(self, operation: Callable[[], T]) -> T:
        if self._attempt:  # an operation inside another: the outer one retries
            return operation()
        try:
            for attempt in range(1, self.max_attempts + 1):
                self._attempt = attempt
                try:
                    return operation()
                except BranchMovedError:
                    if attempt < self.max_attempts:
                        time.sleep(backoff(attempt))
            raise PushError(
                f"gave up after {self.max_attempts} attempts: {self.remote} kept moving "
                f"({self.remote.describe()}); nothing was changed there"
            )
        finally:
            self._attempt = 0

    def update_task(self, *args: Any, **kwargs: Any) -> TaskRecord:
        """:meth:`TrackerBackend.update_task`, pushed (run again on a branch that moved on)."""
        return self._pushing(partial(super().update_task, *args, **kwargs))

    def save_tracker(self, *args: Any, **kwargs: Any) -> None:
        """:meth:`TrackerBackend.save_tracker`, pushed (run again on a branch that moved on)."""
        self._pushing(partial(super().save_tracker, *args, **kwargs))

    def sync_with_etl(self, *args: Any, **kwargs: Any) -> SyncResult:
        """:meth:`TrackerBackend.sync_with_etl`, pushed (run again on a branch that moved on)."""
        return self._pushing(partial(super().sync_with_etl, *args, **kwargs))

    def edit_tasks(self, *args: Any, **kwargs: Any) -> list[TaskChange]:
        """:meth:`TrackerBackend.edit_tasks` (claims, renewals, reclaims, retries, rollback),
        pushed (the plan runs again on a branch that moved on)."""
        return self._pushing(partial(super().edit_tasks, *args, **kwargs))


def _event_line(week: Week, event: HistoryEvent) -> str:
    before = event.from_status.value if event.from_status else "new"
    by = f" ({event.agent})" if event.agent else ""
    return f"week {week}: {event.describe()} {before} -> {event.to_status.value}{by}"
