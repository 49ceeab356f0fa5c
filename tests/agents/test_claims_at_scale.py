"""Claims across many weeks: finished weeks are not parsed again, and many processes
claiming at once never get the same task."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from queue import Queue

import pytest

from tests.conftest import complete
from tracker import YAMLTrackerBackend
from tracker.agents.claims import claim_next
from tracker.store import yamlstore

FINISHED = ("A", "B", "C")


@pytest.fixture
def series(data_dir: Path) -> Path:
    """Weeks A-C finished, D with six items whose research is ready."""
    backend = YAMLTrackerBackend(data_dir)
    for letter in FINISHED:
        backend.sync_with_etl(letter, [f"{letter} one", f"{letter} two"])
        for item in (f"{letter} one", f"{letter} two"):
            complete(backend, letter, item, "research", "content")
        complete(backend, letter, None, "blog_post")
    backend.sync_with_etl("D", [f"Dee {n}" for n in range(6)])
    return data_dir


def test_finished_weeks_are_parsed_once_for_many_claims(series: Path, monkeypatch):
    parsed: list[str] = []
    real = yamlstore.parse_week
    monkeypatch.setattr(
        yamlstore,
        "parse_week",
        lambda text, source: parsed.append(Path(source).parent.name) or real(text, source),
    )
    backend = YAMLTrackerBackend(series)
    for n in range(6):
        change = claim_next(backend, agent=f"bot-{n}")
        assert change is not None and change.week_letter == "D"
    assert claim_next(backend, agent="late") is None
    assert sorted(set(parsed)) == ["00-A", "01-B", "02-C", "03-D"]
    # D changed with every claim and held work: only the locked plans parsed it again.
    assert [parsed.count(folder) for folder in ("00-A", "01-B", "02-C", "03-D")] == [1, 1, 1, 1]


def test_a_week_with_nothing_left_is_locked_once_more_then_skipped(series: Path, monkeypatch):
    backend = YAMLTrackerBackend(series)
    locked: list[str] = []
    real = backend.edit_tasks
    monkeypatch.setattr(
        backend, "edit_tasks", lambda week, plan: locked.append(str(week)) or real(week, plan)
    )
    while claim_next(backend, agent="bot") is not None:
        pass
    assert locked == ["D"] * 7  # six claims, and one lock that found none left
    for _ in range(3):
        assert claim_next(backend, agent="bot") is None
    assert locked == ["D"] * 7
    YAMLTrackerBackend(series).update_task("D", "Dee 0", "research", "completed", agent="bot")
    assert claim_next(backend, agent="bot") is not None  # the change made content ready
    assert locked[-1] == "D"


def test_a_week_changed_behind_the_kept_one_is_read_again(series: Path):
    """Same size, same time stamps, same inode: only the bytes tell, and they are the key."""
    backend = YAMLTrackerBackend(series)
    assert claim_next(backend, "D", agent="first") is not None
    path = backend.tracker_path("D")
    before = path.stat()
    text = path.read_bytes()
    other = text.replace(b"agent: first", b"agent: other")
    assert len(other) == len(text)
    with open(path, "r+b") as handle:  # in place: the inode stays
        handle.write(other)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns,
    )  # fmt: skip
    peeked = backend.peek_tracker("D")
    assert peeked.items["Dee 0"]["research"].agent == "other"


def _claimer(data_dir: Path, agent: str, start: object, results: Queue[object]) -> None:
    backend = YAMLTrackerBackend(data_dir)
    start.wait()  # type: ignore[attr-defined]
    taken = []
    try:
        while (change := claim_next(backend, agent=agent)) is not None:
            taken.append((change.week_letter, change.item_name, change.task_type))
            week, item, task_type = taken[-1]
            backend.update_task(week, item, task_type, "completed", agent=agent)
    except Exception as error:  # the parent says what went wrong instead of waiting
        results.put((agent, repr(error)))
        raise
    results.put((agent, taken))


@pytest.mark.slow
def test_eight_processes_claim_every_task_once(series: Path):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    processes = [
        context.Process(target=_claimer, args=(series, f"bot-{n}", start, results))
        for n in range(8)
    ]
    for process in processes:
        process.start()
    start.set()
    reports = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert not [report for report in reports.values() if isinstance(report, str)]
    taken = [task for tasks in reports.values() for task in tasks]
    assert len(taken) == len(set(taken))  # no task claimed twice
    week = YAMLTrackerBackend(series).load_tracker("D")
    for agent, tasks in reports.items():
        for _, item, task_type in tasks:
            record = week.tasks_of(item)[task_type]
            assert (record.status.value, record.agent) == ("completed", agent)
    assert {(item, t) for _, item, t in taken} >= {(f"Dee {n}", "research") for n in range(6)}
