"""tracker.yaml and history.jsonl agree after any crash and any storage failure.

Three ways in: real writer processes killed with SIGKILL at random moments; a writer
process that dies at each step of the write protocol in turn; and a disk that fills up
after every possible number of bytes. Afterwards the next operation finds the two files
in agreement (repairing them, and saying so), and a command that reported failure
changed nothing.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.store.test_safewrite import KILLED_WRITER
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.domain.events import unrecorded_changes
from tracker.exceptions import StorageError
from tracker.store import journal
from tracker.store.history import parse_events

ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
NAMES = [f"Project {i}" for i in range(60)]


def _assert_in_agreement(data_dir: Path) -> YAMLTrackerBackend:
    """The next operation sees tracker.yaml and its history agree, with no bad line left."""
    backend = YAMLTrackerBackend(data_dir)
    events = backend.read_history("A")  # recovers an interrupted change first
    week = backend.load_tracker("A")
    assert unrecorded_changes(week, events) == []
    raw = backend.history_path("A").read_bytes()
    assert parse_events(raw).bad_lines == [] and raw.endswith(b"\n")
    assert len({e.event_id for e in events}) == len(events)
    assert not journal.pending(
        journal.WeekFiles(backend.tracker_path("A"), backend.history_path("A"))
    )
    return backend


@pytest.fixture
def week(data_dir: Path) -> YAMLTrackerBackend:
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", NAMES)
    return backend


@pytest.mark.slow
def test_writers_killed_at_random_moments_leave_the_pair_in_agreement(
    week: YAMLTrackerBackend, data_dir: Path
) -> None:
    rng = random.Random(10)
    for _ in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(data_dir)], stdout=subprocess.PIPE, env=ENV
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _assert_in_agreement(data_dir)  # on the old code, 25 of these 30 kills broke it


CRASHER = textwrap.dedent(
    """
    import os, sys
    from tracker import TaskStatus, YAMLTrackerBackend
    from tracker.store import history, journal

    step = sys.argv[2]

    def die(*args, **kwargs):
        os._exit(137)

    if step == "before-temporary":
        journal.write_temporary = die
    elif step == "before-append":
        journal.history.append = die
    elif step == "mid-append":
        def half(path, data):
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            os.write(fd, data[: len(data) // 2])
            os._exit(137)
        journal.history.append = half
    elif step == "before-rename":
        journal.replace = die
    elif step == "before-journal-cleared":
        journal._clear = die
    YAMLTrackerBackend(sys.argv[1]).update_task("A", "Project 3", "research", TaskStatus.SKIPPED)
    """
)

STEPS = {
    # step: (tracker changed, a repair is reported)
    "before-temporary": (False, False),
    "before-append": (False, False),
    "mid-append": (False, True),
    "before-rename": (False, True),
    "before-journal-cleared": (True, False),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_writer_dying_at_each_step_is_repaired_by_the_next_operation(
    week: YAMLTrackerBackend, data_dir: Path, step: str
) -> None:
    before = week.history_path("A").read_bytes()
    done = subprocess.run([sys.executable, "-c", CRASHER, str(data_dir), step], env=ENV)
    assert done.returncode == 137
    files = journal.WeekFiles(week.tracker_path("A"), week.history_path("A"))
    assert journal.pending(files)
    changed, repaired = STEPS[step]
    backend = _assert_in_agreement(data_dir)
    skipped = backend.load_tracker("A").items["Project 3"]["research"].status is TaskStatus.SKIPPED
    assert skipped is changed
    events = backend.read_history("A")
    assert (events[-1].to_status is TaskStatus.SKIPPED) is changed
    if not changed:
        assert week.history_path("A").read_bytes() == before
    assert bool(backend.notices) is repaired, backend.notices
    assert all("local.jsonl" in notice for notice in backend.notices)
    backend.update_task("A", "Project 4", "research", TaskStatus.SKIPPED)  # cleans up after it
    assert not [p.name for p in data_dir.joinpath("00-A").iterdir() if p.name.endswith(".tmp")]
    _assert_in_agreement(data_dir)


def test_a_crash_before_the_tracker_file_changed_rolls_the_history_back(
    week: YAMLTrackerBackend, data_dir: Path
) -> None:
    """The case the issue found: an event recorded for a change that never happened."""
    before = week.history_path("A").read_bytes()
    subprocess.run([sys.executable, "-c", CRASHER, str(data_dir), "before-rename"], env=ENV)
    assert week.history_path("A").read_bytes() != before  # the orphan events are there
    backend = _assert_in_agreement(data_dir)
    assert week.history_path("A").read_bytes() == before
    assert backend.notices and "never saved" in backend.notices[0]


def test_tracker_check_repairs_and_says_so(
    week: YAMLTrackerBackend, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.cli.main import main

    subprocess.run([sys.executable, "-c", CRASHER, str(data_dir), "mid-append"], env=ENV)
    assert main(["--data-dir", str(data_dir), "check", "--select", "D"]) == 0
    err = capsys.readouterr().err
    assert "local.jsonl: removed the events of a change" in err
    _assert_in_agreement(data_dir)


class FullDisk:
    """``os.write`` with room for ``budget`` more bytes: then short writes, then ENOSPC."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.real = os.write

    def __call__(self, fd: int, data: bytes | memoryview) -> int:
        if self.budget <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        room = min(len(data), self.budget)
        written = self.real(fd, bytes(data[:room]))
        self.budget -= written
        return written


def test_a_disk_that_fills_at_any_byte_changes_nothing_or_everything(
    week: YAMLTrackerBackend, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = FullDisk(10**9)
    monkeypatch.setattr(os, "write", counting)
    week.update_task("A", NAMES[-1], "research", TaskStatus.SKIPPED)
    monkeypatch.undo()
    needed = 10**9 - counting.budget  # what one change writes, all files together
    names = iter(NAMES)
    failures = successes = 0
    for budget in [*range(0, needed, max(1, needed // 45)), needed - 1, needed]:
        name = next(names)
        before = (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes())
        monkeypatch.setattr(os, "write", FullDisk(budget))
        try:
            week.update_task("A", name, "research", TaskStatus.SKIPPED)
        except StorageError as error:
            failures += 1
            assert "No space left on device" in str(error)
            assert "tracker.yaml" in str(error) or "local.jsonl" in str(error)
            monkeypatch.undo()
            after = (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes())
            assert after == before, f"a failed write changed something (budget {budget})"
        else:
            successes += 1
            monkeypatch.undo()
        _assert_in_agreement(data_dir)
    assert failures > 40 and successes >= 1


@pytest.mark.parametrize("error", [errno.EACCES, errno.EIO, errno.EDQUOT])
def test_a_failed_history_append_reports_failure_and_changes_nothing(
    week: YAMLTrackerBackend, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    before = (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes())

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(error, os.strerror(error), str(path))

    monkeypatch.setattr(journal.history, "append", refuse)
    with pytest.raises(StorageError, match=r"local\.jsonl: cannot write: .*nothing was changed"):
        week.update_task("A", "Project 1", "research", TaskStatus.IN_PROGRESS, agent="bot")
    monkeypatch.undo()
    assert (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes()) == before
    week.update_task("A", "Project 1", "research", TaskStatus.IN_PROGRESS, agent="bot")


def test_short_writes_are_completed_not_ignored(
    week: YAMLTrackerBackend, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    week.update_task("A", "Project 2", "research", TaskStatus.SKIPPED)
    monkeypatch.undo()
    _assert_in_agreement(data_dir)
    assert week.read_history("A")[-1].item == "Project 2"
