"""One benchmark run: build the workloads, measure every figure, note the machine."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import claimers, claims, historyread, inprocess, writers
from benchmarks.commands import REPO_ROOT, check, floor, schema_for, series
from benchmarks.interleave import Measured, Process, time_together
from benchmarks.othertool import rewritten
from benchmarks.report import ONE_WEEK, W1, W10, W100, Memory, Results, Row
from benchmarks.timing import Timing
from benchmarks.workload import (
    CURRENT_WEEK,
    Workload,
    build,
    build_one_week,
    build_stale_week,
    pending_research,
)

LANDSCAPE = REPO_ROOT / "data" / "landscape" / "landscape.yml"
WRITERS = 8

LABELS = {
    "floor": "floor: python + libyaml load, canonical files",
    "check": "`tracker check`, canonical files",
    "check-cached": "`tracker check`, cached (nothing changed)",
    "floor-other": "floor: python + libyaml load, another tool's files",
    "check-other": "`tracker check`, another tool's files",
    "floor-stale": "floor, a finished week with thousands of findings, canonical",
    "check-stale": "`tracker check`, a finished week with thousands of findings, canonical",
    "floor-stale-other": "floor, the week with thousands of findings, another tool's file",
    "check-stale-other": "`tracker check`, the week with thousands of findings, another tool's",
    "render": "`tracker render` into an empty folder",
    "progress": "`tracker progress`",
    "startup": "start-up: import tracker.cli.main",
    "check-jsonschema": "check-jsonschema (same canonical files, our schema)",
    "history-week": f"history of week {CURRENT_WEEK}, one file (in-process)",
    "history-week-split": f"history of week {CURRENT_WEEK}, {historyread.FRAGMENTS} fragments",
    "history-week-floor": f"floor: json.loads of week {CURRENT_WEEK}'s history lines",
    "history-week-floor-kept": "floor: the same, every line's object kept (as a reader must)",
    "history-all": "history of every week, as render, log and metrics read it",
    "history-all-floor": "floor: json.loads of every week's history lines",
}
BASELINES = {"floor", "floor-other", "floor-stale", "floor-stale-other", "check-jsonschema",
             "history-week-floor", "history-week-floor-kept", "history-all-floor",
             "baseline-p50", "baseline-p90"}  # fmt: skip


@dataclass(frozen=True)
class Options:
    """How much to measure: ``quick`` is W1 only, one run, few samples (for CI);
    ``w100`` adds the hundredfold series (minutes more)."""

    runs: int = 5
    quick: bool = False
    update_samples: int = 60
    writer_items: int = 32  # items per concurrent run; four updates each
    claim_calls: int = 240  # claim_next calls per run, shared by the claiming processes
    w100: bool = False
    claims: int = 480  # claim-and-complete cycles per run, shared by the 16 claimers
    database_url: str | None = None  # a PostgreSQL server to make the benchmark's databases on

    @classmethod
    def quick_run(cls, database_url: str | None = None) -> Options:
        return cls(1, True, 10, 8, 16, claims=64, database_url=database_url)


def machine_facts(scratch: Path) -> list[str]:
    """What makes figures from different machines or runs comparable, or not."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"load average {load} (1, 5, 15 min) when measuring began",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"workloads in {scratch} ({_filesystem(scratch)}); fsync cost depends on it",
        "commands run with Python's bytecode cache (as installed) and the tracker's compiled "
        "templates, filled by the warm-up run",
    ]


def _filesystem(path: Path) -> str:
    """The filesystem type holding ``path``, from /proc/mounts (longest matching mount)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "filesystem unknown"
    best = ("", "unknown")
    for line in mounts:
        fields = line.split()
        if (
            len(fields) > 2
            and str(path.resolve()).startswith(fields[1])
            and len(fields[1]) > len(best[0])
        ):
            best = (fields[1], fields[2])
    return f"{best[1]} mounted at {best[0]}"


def _env() -> dict[str, str]:
    """Subprocesses use this checkout's tracker package, with Python's bytecode cache.

    ``PYTHONDONTWRITEBYTECODE`` (set in some sandboxes) is dropped: a user's
    installation compiles each module once, so every timed run after the
    warm-up would otherwise pay ~30 ms of recompiling that users never pay.
    """
    path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _merge(results: Results, row: Row) -> None:
    old = results.rows.get(row.key)
    if old is not None:
        timings = {**old.timings, **row.timings}
        row = Row(row.key, row.label, row.unit, timings, row.stat, row.ours, row.note or old.note)
    results.add(row)


def _add(results: Results, key: str, column: str, timing: Timing | None, unit: str = "ms") -> None:
    ours = key not in BASELINES
    _merge(results, Row(key, LABELS.get(key, key), unit, {column: timing}, ours=ours))


def _processes(
    results: Results,
    column: str,
    processes: Sequence[Process],
    options: Options,
    log: Callable[[str], None],
) -> dict[str, Measured]:
    log(f"{column}: {', '.join(p.key for p in processes)}, interleaved")
    measured = time_together(processes, options.runs, cwd=REPO_ROOT, env=_env())
    for key, found in measured.items():
        _add(results, key, column, found.timing)
        if found.remark:
            results.notes.append(f"{column}: {LABELS.get(key, key)}: {found.remark}")
    return measured


def _memory(
    results: Results,
    column: str,
    measured: dict[str, Measured],
    files: dict[str, Workload],
    startup_rss: int,
) -> None:
    for key, workload in files.items():
        largest = max(path.stat().st_size for path in workload.tracker_files())
        results.memory.append(
            Memory(LABELS[key], column, measured[key].peak_rss, startup_rss, largest)
        )


def _size_note(workload: Workload) -> str:
    size = sum(path.stat().st_size for path in workload.tracker_files())
    weeks = len(workload.tracker_files())
    return f"{workload.name}: {workload.items} items in {weeks} week(s), {size / 2**20:.1f} MiB"


def _series(
    results: Results, column: str, copies: int, scratch: Path, options: Options,
    log: Callable[[str], None],
) -> int:  # fmt: skip
    """Measure a 26-week workload; the peak memory of a process that only starts up."""
    log(f"building {column}")
    workload = build(column, LANDSCAPE, scratch / column, copies)
    other = rewritten(workload, scratch / f"{column}-other")
    results.notes += [_size_note(workload), _size_note(other)]
    schema = None if column == W100 else schema_for(scratch)[0]  # minutes at W100
    measured = _processes(results, column, series(workload, other, scratch, schema), options, log)
    startup_rss = measured["startup"].peak_rss
    _memory(results, column, measured, {"check": workload, "check-other": other}, startup_rss)

    log(f"{column}: history")
    for key, timing in historyread.measure(workload, scratch, options.runs).items():
        _add(results, key, column, timing)
    if column == W100:
        return startup_rss  # the in-process figures below take minutes on weeks of 24,000 items

    log(f"{column}: update_task vs load+dump+fsync")
    mine, theirs = inprocess.update_latency(workload, scratch, options.update_samples)
    for key, label, timing, stat in (
        ("update-p50", f"`update_task` p50, week {CURRENT_WEEK}", mine, 0.5),
        ("update-p90", f"`update_task` p90, week {CURRENT_WEEK}", mine, 0.9),
        ("baseline-p50", "load+dump+fsync p50, same file", theirs, 0.5),
        ("baseline-p90", "load+dump+fsync p90, same file", theirs, 0.9),
    ):
        row = Row(key, label, "ms", {column: timing}, stat=stat, ours=key not in BASELINES)
        _merge(results, row)

    log(f"{column}: get_ready_tasks()")
    ready = inprocess.ready_tasks(workload, options.runs)
    _merge(
        results, Row("ready", "`get_ready_tasks()`, all weeks, in-process", "ms", {column: ready})
    )

    log(f"{column}: 1 and {WRITERS} concurrent writers, interleaved")
    _writers(results, column, workload, scratch, options)
    if column == W1:
        log(f"{column}: claim_next by 1 and 8 processes, interleaved")
        claims.measure(results, workload, scratch, options.runs, options.claim_calls)
        claimers.measure(results, workload, scratch, options.runs, options.claims,
                         options.database_url, log)  # fmt: skip
    return startup_rss


def _writers(
    results: Results, column: str, workload: Workload, scratch: Path, options: Options
) -> None:
    rates: dict[int, list[float]] = {1: [], WRITERS: []}
    lost = 0
    for run in range(options.runs):
        for count in rates:
            copy = inprocess.copy_workload(workload, scratch / f"writers-{column}-{count}-{run}")
            names = list(pending_research(copy))[: options.writer_items]
            outcome = writers.run_writers(copy, names, count)
            rates[count].append(outcome.rate)
            lost += len(outcome.lost)
    results.lost_updates[column] = lost
    for count, values in rates.items():
        label = f"{count} writer{'s' if count > 1 else ''} on week {CURRENT_WEEK}"
        _merge(
            results, Row(f"writers-{count}", label, "updates/s", {column: Timing(tuple(values))})
        )


def _one_week(
    results: Results, scratch: Path, options: Options, log: Callable[[str], None], startup: int
) -> None:
    log("building one week of W10's names, and one with thousands of findings")
    week = build_one_week("one week", LANDSCAPE, scratch / "one-week")
    stale = build_stale_week("stale week", LANDSCAPE, scratch / "stale-week")
    others = {
        "": rewritten(week, scratch / "one-week-other"),
        "stale": rewritten(stale, scratch / "stale-week-other"),
    }
    results.notes += [_size_note(w) for w in (week, stale, *others.values())]
    files = {
        "check": week, "check-other": others[""],
        "check-stale": stale, "check-stale-other": others["stale"],
    }  # fmt: skip
    processes = [
        process
        for key, workload in files.items()
        for process in (floor(key.replace("check", "floor"), workload), check(key, workload))
    ]
    measured = _processes(results, ONE_WEEK, processes, options, log)
    _memory(results, ONE_WEEK, measured, files, startup)


def run(scratch: Path, options: Options, log: Callable[[str], None]) -> Results:
    """Build the workloads under ``scratch`` and measure everything (W1 only when quick)."""
    results = Results(machine=machine_facts(scratch))
    # The commands' caches (check's results, compiled templates, known texts) start empty
    # in the run's own folder, never the user's: each figure warms them in its warm-up.
    os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")
    scales = [(W1, 1)] if options.quick else [(W1, 1), (W10, 10)]
    if options.w100:
        scales.append((W100, 100))
    startup = [_series(results, column, copies, scratch, options, log) for column, copies in scales]
    if not options.quick:
        _one_week(results, scratch, options, log, startup[0])
    results.notes.append(
        f"{options.runs} measured run(s) per figure after one warm-up, commands interleaved "
        f"run by run; {options.update_samples} `update_task` calls; concurrent writers: "
        f"{options.writer_items} items x 4 updates shared by {WRITERS} writers vs 1 writer; "
        f"claims: {options.claim_calls} `claim_next` calls per run, shared by the processes"
    )
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    results.machine.insert(1, f"load average {load} (1, 5, 15 min) when measuring ended")
    results.machine.append(f"python: {sys.executable}")
    return results
