"""16 processes claim and complete on one PostgreSQL database until nothing is left."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from typing import Any

import pytest

from tracker import TaskStatus, claim_next
from tracker.domain.tasks import iter_tasks

WORKERS = 16
WEEKS = "ABC"


def _worker(url: str, agent: str, results: Any) -> None:
    from tracker.store.postgres import PostgresTrackerBackend

    done = 0
    with PostgresTrackerBackend(url) as tracker:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            change = claim_next(tracker, agent=agent)
            if change is None:
                # Nothing ready now: finished, or waiting for others' work to unlock more.
                if all(
                    record.status is TaskStatus.COMPLETED
                    for week in tracker.iter_weeks()
                    for _, record in iter_tasks(week, removed=False)
                ):
                    break
                time.sleep(0.01)
                continue
            tracker.update_task(
                change.week_letter, change.item_name, change.task_type,
                TaskStatus.COMPLETED, agent=agent,
            )  # fmt: skip
            done += 1
    results.put((agent, done))


@pytest.mark.slow
def test_sixteen_processes_do_every_task_exactly_once(pg_backend: Any, pg_url: str):
    for week in WEEKS:
        pg_backend.sync_with_etl(week, [f"{week}-project-{n}" for n in range(12)])
    expected = {
        (week.week_letter, key.item, key.task_type)
        for week in pg_backend.iter_weeks()
        for key, _ in iter_tasks(week, removed=False)
    }
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(pg_url, f"bot-{n}", results)) for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    assert [worker.exitcode for worker in workers] == [0] * WORKERS  # none failed or hung
    reports = dict(results.get(timeout=10) for _ in workers)

    claims: Counter[tuple[str, str | None, str]] = Counter()
    completions: Counter[tuple[str, str | None, str]] = Counter()
    for week in WEEKS:
        for event in pg_backend.read_history(week):
            key = (event.week, event.item, event.task)
            if event.to_status is TaskStatus.IN_PROGRESS:
                claims[key] += 1
            elif event.to_status is TaskStatus.COMPLETED:
                completions[key] += 1
                assert event.agent == event.before.agent  # completed by the claimer
    assert set(claims) == expected and set(claims.values()) == {1}  # each claimed once
    assert completions == claims  # ... and completed once: none lost
    assert sum(reports.values()) == len(expected)
    assert all(
        record.status is TaskStatus.COMPLETED
        for week in pg_backend.iter_weeks()
        for _, record in iter_tasks(week, removed=False)
    )
    assert sum(1 for done in reports.values() if done) > 1  # the work was shared
