"""16 workers claiming and completing on the same weeks: PostgreSQL against YAML files.

Each worker is a process with its own backend. Together they start (a
barrier), then each loops ``claim_next`` (timed: the claim latency) and
``update_task(..., COMPLETED)`` until it has done its share. Afterwards the
history tells whether any task was claimed twice (duplicates) and whether
every completion a worker was told about is in the final state (lost updates).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue

from benchmarks.inprocess import copy_workload
from benchmarks.pgserver import drop_database, fresh_database
from benchmarks.report import Results, Row
from benchmarks.timing import Timing, run_together
from benchmarks.workload import Workload
from tracker.agents.claims import claim_next
from tracker.domain.models import TaskStatus
from tracker.domain.tasks import TaskKey, find_record
from tracker.project import Project
from tracker.store.backend import TrackerBackend
from tracker.store.yamlstore import YAMLTrackerBackend

CLAIMERS = 16
BACKENDS = {"yaml": "YAML files", "postgres": "PostgreSQL"}

Opener = Callable[[], TrackerBackend]
"""Makes a worker's backend, in the worker's process."""

Done = tuple[str, str | None, str]
"""A task a worker claimed and completed: week, item (None for the week task), type."""


@dataclass(frozen=True)
class ClaimRun:
    """One run: claims per second over all workers, every claim's latency, what went wrong."""

    workers: int
    claims: int
    rate: float
    latencies: Timing
    duplicates: int
    lost: int


def _worker(
    open_backend: Opener,
    agent: str,
    share: int,
    complete: bool,
    barrier: Barrier,
    results: Queue[object],
) -> None:
    try:
        backend = open_backend()
        backend.iter_weeks()  # connected (PostgreSQL) before the clock starts
        barrier.wait()
        start = time.monotonic()
        latencies: list[float] = []
        done: list[Done] = []
        for _ in range(share):
            began = time.perf_counter()
            change = claim_next(backend, agent=agent)
            latencies.append(time.perf_counter() - began)
            if change is None:
                break
            if complete:
                backend.update_task(
                    change.week_letter, change.item_name, change.task_type,
                    TaskStatus.COMPLETED, agent=agent,
                )  # fmt: skip
            done.append((change.week_letter, change.item_name, change.task_type))
        results.put((start, time.monotonic(), latencies, done))
    except Exception as error:  # reported by the parent, which would otherwise wait forever
        results.put(f"{agent} failed: {error!r}")
        raise


def run_claimers(
    open_backend: Opener, claims: int, workers: int = CLAIMERS, *, complete: bool = True
) -> ClaimRun:
    """``workers`` processes share ``claims`` claim-and-complete cycles (claims only, left in
    progress, without ``complete``); then check the result."""
    shares = [claims // workers + (n < claims % workers) for n in range(workers)]
    arguments = [(open_backend, f"bench-{n}", share, complete) for n, share in enumerate(shares)]
    reports = run_together(_worker, arguments, 900)
    start = min(report[0] for report in reports)
    end = max(report[1] for report in reports)
    latencies = [value for report in reports for value in report[2]]
    done: list[Done] = [task for report in reports for task in report[3]]
    duplicates, lost = _check(open_backend(), done, complete)
    return ClaimRun(
        workers, len(done), len(done) / (end - start), Timing(tuple(latencies)), duplicates, lost
    )


def _check(backend: TrackerBackend, done: list[Done], complete: bool) -> tuple[int, int]:
    """Duplicates: claims beyond the first of a task (history, and workers' reports).
    Lost: completions (claims) a worker was told of that the state or the history lacks."""
    claimed: Counter[Done] = Counter()
    completed: Counter[Done] = Counter()
    for week in {task[0] for task in done}:
        for event in backend.read_history(week):
            key = (event.week, event.item, event.task)
            if not (event.agent or "").startswith("bench-"):
                continue
            if event.to_status is TaskStatus.IN_PROGRESS:
                claimed[key] += 1
            elif event.to_status is TaskStatus.COMPLETED:
                completed[key] += 1
    reported = Counter(done)
    duplicates = sum(count - 1 for count in (claimed | reported).values() if count > 1)
    weeks = {letter: backend.load_tracker(letter) for letter in {task[0] for task in done}}
    final = TaskStatus.COMPLETED if complete else TaskStatus.IN_PROGRESS
    lost = sum(
        1
        for task in reported
        if (completed if complete else claimed)[task] == 0
        or (record := find_record(weeks[task[0]], TaskKey(task[1], task[2]))) is None
        or record.status is not final
    )
    return duplicates, lost


def measure(
    results: Results,
    workload: Workload,
    scratch: Path,
    runs: int,
    claims: int,
    database_url: str | None,
    log: Callable[[str], None],
) -> None:
    """:data:`CLAIMERS` claimers on the YAML files and on PostgreSQL, run after run."""
    if database_url is None:
        reason = "PostgreSQL not measured: no server (give --database-url URL or --start-postgres)"
        log(reason)
        results.notes.append(reason)
    measured: dict[str, list[ClaimRun]] = {"yaml": [], "postgres": []}
    for run in range(runs):
        log(f"{workload.name}: {CLAIMERS} claimers, YAML files (run {run + 1} of {runs})")
        copy = copy_workload(workload, scratch / f"claims-{workload.name}-{run}")
        measured["yaml"].append(run_claimers(partial(YAMLTrackerBackend, copy.data_dir), claims))
        if database_url is not None:
            log(f"{workload.name}: {CLAIMERS} claimers, PostgreSQL (run {run + 1} of {runs})")
            measured["postgres"].append(_on_postgres(workload, database_url, claims))
    if database_url is not None:
        results.machine.append(_server_facts(database_url))
    for key, label in BACKENDS.items():
        _report(results, workload.name, key, label, measured[key])


def _on_postgres(workload: Workload, server: str, claims: int) -> ClaimRun:
    """A run on a fresh database loaded with the workload's files (dropped afterwards)."""
    from tracker.store.pgconnect import connect
    from tracker.store.pgimport import import_files
    from tracker.store.pgschema import migrate
    from tracker.store.postgres import PostgresTrackerBackend

    url = fresh_database(server, "tracker_bench")
    try:
        with connect(url) as conn:
            migrate(conn)
        project = Project.find(workload.data_dir)
        with PostgresTrackerBackend(url, project=project) as backend:
            import_files(backend, workload.data_dir)
        return run_claimers(partial(PostgresTrackerBackend, url, project=project), claims)
    finally:
        drop_database(server, url)


def _server_facts(url: str) -> str:
    from tracker.store.pgconnect import connect, describe

    with connect(url) as conn:
        version, fsync, commit = (
            conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("server_version", "fsync", "synchronous_commit")
        )
    return (
        f"PostgreSQL {version} at {describe(url)} (fsync {fsync}, synchronous_commit {commit}), "
        "on this machine"
    )


def _report(results: Results, workload: str, key: str, label: str, runs: list[ClaimRun]) -> None:
    note = "" if runs else "not measured"
    rates = Timing(tuple(run.rate for run in runs)) if runs else None
    latencies = Timing(tuple(v for run in runs for v in run.latencies.values)) if runs else None
    results.add(Row(f"claims-{key}", f"{CLAIMERS} claimers on {label}", "claims/s",
                    {workload: rates}, note=note))  # fmt: skip
    for share, name in ((0.5, "p50"), (0.99, "p99")):
        text = f"claim latency {name}, {CLAIMERS} claimers on {label}"
        results.add(
            Row(f"claim-{name}-{key}", text, "ms", {workload: latencies}, stat=share, note=note)
        )
    if runs:
        results.claims[label] = (sum(r.duplicates for r in runs), sum(r.lost for r in runs))
