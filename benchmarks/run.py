"""One benchmark run: build the workloads, measure every figure, note the machine."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import claimers, inprocess, writers
from benchmarks.commands import REPO_ROOT, commands, schema_for, subcommand_exists
from benchmarks.report import W1, W10, Results, Row
from benchmarks.timing import Timing, time_process
from benchmarks.workload import CURRENT_WEEK, Workload, build, pending_research

LANDSCAPE = REPO_ROOT / "data" / "landscape" / "landscape.yml"
WRITERS = 8


@dataclass(frozen=True)
class Options:
    """How much to measure: ``quick`` is W1 only, one run, few samples (for CI)."""

    runs: int = 5
    quick: bool = False
    update_samples: int = 60
    writer_items: int = 32  # items per concurrent run; four updates each
    claims: int = 480  # claim-and-complete cycles per run, shared by the claimers
    database_url: str | None = None  # a PostgreSQL server to make the benchmark's databases on

    @classmethod
    def quick_run(cls, database_url: str | None = None) -> Options:
        return cls(1, True, 10, 8, 64, database_url)


def machine_facts(scratch: Path) -> list[str]:
    """What makes figures from different machines or runs comparable, or not."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"load average {load} (1, 5, 15 min) when measuring began",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"workloads in {scratch} ({_filesystem(scratch)}); fsync cost depends on it",
        "commands run with Python's bytecode cache (as installed), filled by the warm-up run",
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


def _measure_workload(
    results: Results,
    workload: Workload,
    scratch: Path,
    options: Options,
    log: Callable[[str], None],
) -> None:
    env = _env()
    available = [name for name in ("check", "render", "progress") if subcommand_exists(name, env)]
    schema, schema_note = schema_for(scratch)
    for command in commands(workload, scratch, schema, available):
        log(f"{workload.name}: {command.label}")
        timing = None
        if command.argv is not None:
            timing = time_process(
                command.argv, options.runs, cwd=REPO_ROOT, env=env, ok_codes=command.ok_codes
            )
            if timing.remark:
                results.notes.append(f"{workload.name}: {command.label}: {timing.remark}")
        note = command.why_missing or (
            f"schema: {schema_note}" if command.key == "check-jsonschema" else ""
        )
        ours = command.key not in ("floor", "check-jsonschema")
        _merge(
            results,
            Row(command.key, command.label, "ms", {workload.name: timing}, ours=ours, note=note),
        )

    log(f"{workload.name}: update_task vs load+dump+fsync")
    mine, theirs = inprocess.update_latency(workload, scratch, options.update_samples)
    for key, label, timing, stat, ours in (
        ("update-p50", f"`update_task` p50, week {CURRENT_WEEK}", mine, 0.5, True),
        ("update-p90", f"`update_task` p90, week {CURRENT_WEEK}", mine, 0.9, True),
        ("baseline-p50", "load+dump+fsync p50, same file", theirs, 0.5, False),
        ("baseline-p90", "load+dump+fsync p90, same file", theirs, 0.9, False),
    ):
        _merge(results, Row(key, label, "ms", {workload.name: timing}, stat=stat, ours=ours))

    log(f"{workload.name}: get_ready_tasks()")
    ready = inprocess.ready_tasks(workload, options.runs)
    _merge(
        results,
        Row("ready", "`get_ready_tasks()`, all weeks, in-process", "ms", {workload.name: ready}),
    )

    log(f"{workload.name}: 1 and {WRITERS} concurrent writers, interleaved")
    rates: dict[int, list[float]] = {1: [], WRITERS: []}
    lost = 0
    for run in range(options.runs):
        for count in rates:
            copy = inprocess.copy_workload(
                workload, scratch / f"writers-{workload.name}-{count}-{run}"
            )
            names = list(pending_research(copy))[: options.writer_items]
            outcome = writers.run_writers(copy, names, count)
            rates[count].append(outcome.rate)
            lost += len(outcome.lost)
    results.lost_updates[workload.name] = lost
    for count, values in rates.items():
        label = f"{count} writer{'s' if count > 1 else ''} on week {CURRENT_WEEK}"
        _merge(
            results,
            Row(f"writers-{count}", label, "updates/s", {workload.name: Timing(tuple(values))}),
        )


def _merge(results: Results, row: Row) -> None:
    old = results.rows.get(row.key)
    if old is not None:
        row = Row(
            row.key,
            row.label,
            row.unit,
            {**old.timings, **row.timings},
            row.stat,
            row.ours,
            row.note,
        )
    results.add(row)


def run(scratch: Path, options: Options, log: Callable[[str], None]) -> Results:
    """Build W1 (and W10 unless quick) under ``scratch`` and measure everything."""
    results = Results(machine=machine_facts(scratch))
    sizes = [(W1, 1)] if options.quick else [(W1, 1), (W10, 10)]
    for name, copies in sizes:
        log(f"building {name}")
        workload = build(name, LANDSCAPE, scratch / name, copies)
        results.notes.append(
            f"{name}: {workload.items} items in 26 weeks, "
            f"{sum(path.stat().st_size for path in workload.tracker_files()) // 1024} KiB of YAML"
        )
        _measure_workload(results, workload, scratch, options, log)
        if name == W1:
            claimers.measure(results, workload, scratch, options.runs, options.claims,
                             options.database_url, log)  # fmt: skip
    results.notes.append(
        f"{options.runs} measured run(s) per figure after one warm-up; "
        f"{options.update_samples} `update_task` calls; concurrent runs: "
        f"{options.writer_items} items x 4 updates shared by {WRITERS} writers vs 1 writer"
    )
    results.machine.append(f"python: {sys.executable}")
    return results
