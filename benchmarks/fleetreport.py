"""The fleet benchmark as a Markdown section of BENCHMARKS.md (its own, kept between runs)."""

from __future__ import annotations

import math
import os
import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.fleet import FleetOptions, FleetRun, measure, quick_options

HEADING = "## Fleet: agents on many clones (`tracker work --push`)"
ATTEMPTS_BOUND = 5
THROUGHPUT_BOUND = 0.5


def _nearest_rank(values: list[int] | list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def _targets(fleet: FleetRun, single: FleetRun) -> Iterator[str]:
    yield "| target | measured | bound | verdict |"
    yield "|---|---:|---:|---|"
    audit = fleet.audit
    counts = (
        ("tasks completed more than once (server's history)", len(audit.duplicates)),
        ("tasks not completed", len(audit.not_completed)),
        ("overlapping claims", len(audit.overlapping)),
        ("manual conflicts (merge commits, conflict markers)",
         audit.merges + audit.conflict_markers),
        (f"`tracker check` errors over all {audit.commits_checked} commits of main",
         len(audit.check_errors)),
        ("blog posts claimed before all of their week's content", len(audit.blog_too_early)),
        ("runners (not killed) that failed", len(fleet.runner_errors)),
    )  # fmt: skip
    for label, found in counts:
        yield f"| {label} | {found} | 0 | {_verdict(found == 0)} |"
    if fleet.attempts:
        p99 = _nearest_rank(fleet.attempts, 0.99)
        yield (f"| push attempts per operation, p99 | {p99:.0f} | <= {ATTEMPTS_BOUND} | "
               f"{_verdict(p99 <= ATTEMPTS_BOUND)} |")  # fmt: skip
    ratio = fleet.rate / single.rate if single.rate else 0.0
    yield (f"| fleet / single-clone throughput, same agents | {ratio:.2f}x | "
           f">= {THROUGHPUT_BOUND:.2f}x | {_verdict(ratio >= THROUGHPUT_BOUND)} |")  # fmt: skip


def _seconds(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):.1f} s (max {max(values):.1f} s, {len(values)} kills)"


_FIGURES = (
    "tasks",
    "wall time",
    "tasks/s",
    "push attempts per operation, p50 / p99 / max",
    "reclaim latency after a kill (median)",
    "runners killed mid-task",
    "work command runs (redone after a kill, retried after a failure)",
    "audit",
)


def _column(run: FleetRun) -> list[str]:
    """One run's figures, in the order of :data:`_FIGURES`."""
    attempts = "n/a"
    if run.attempts:
        p50, p99 = _nearest_rank(run.attempts, 0.5), _nearest_rank(run.attempts, 0.99)
        attempts = f"{p50:.0f} / {p99:.0f} / {max(run.attempts)} ({len(run.attempts)} pushes)"
    return [
        str(run.tasks), f"{run.wall:.1f} s", f"{run.rate:.2f}", attempts,
        _seconds(run.reclaim_latency), str(run.killed), str(run.executions),
        "clean" if run.audit.clean else "**problems** (listed below)",
    ]  # fmt: skip


def _figures(fleet: FleetRun, single: FleetRun) -> Iterator[str]:
    yield f"| figure | {fleet.label} | {single.label} |"
    yield "|---|---:|---:|"
    for label, ours, theirs in zip(_FIGURES, _column(fleet), _column(single), strict=True):
        yield f"| {label} | {ours} | {theirs} |"


def section(fleet: FleetRun, single: FleetRun, options: FleetOptions, machine: str = "") -> str:
    """The fleet's section: targets, figures, what was run, and any problem found."""
    problems = [
        *fleet.audit.duplicates, *fleet.audit.not_completed, *fleet.audit.overlapping,
        *fleet.audit.check_errors[:10], *fleet.audit.blog_too_early,
        *(f"{name} exited non-zero" for name in fleet.runner_errors),
    ]  # fmt: skip
    low, high = options.work
    parts = [
        HEADING,
        "\n".join(_targets(fleet, single)),
        "\n".join(_figures(fleet, single)),
        f"One week of {options.items} items ({options.items * 2 + 1} tasks); work takes "
        f"{low:g}-{high:g} s, {options.failures:.0%} of first attempts fail (retried by the "
        f"runners), {options.kills:.0%} of runners are SIGKILLed with their command mid-task; "
        f"lease {options.lease}, poll {options.poll:g} s. The fleet pushes to a local bare "
        "repository; the single clone uses the same runners without `--push`." + machine,
    ]
    if problems:
        parts.append("Problems:\n\n" + "\n".join(f"- {p}" for p in problems))
    return "\n\n".join(parts) + "\n"


def replace_section(document: str, text: str) -> str:
    """``document`` with its fleet section replaced by ``text`` (or ``text`` appended)."""
    start = document.find(HEADING)
    if start < 0:
        return document.rstrip("\n") + "\n\n" + text
    end = document.find("\n## ", start + len(HEADING))
    rest = document[end + 1 :] if end >= 0 else ""
    return document[:start] + text + ("\n" + rest if rest else "")


def measured_section(quick: bool, log: Callable[[str], None], keep: bool = False) -> str:
    """Run the fleet and the single clone (a small fleet when ``quick``) in a temporary
    folder; their section."""
    options = quick_options() if quick else FleetOptions()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    machine = f" Machine: {os.cpu_count()} CPUs, load average {load} when it began."
    folder = Path(tempfile.mkdtemp(prefix="tracker-fleet-"))
    try:
        fleet, single = measure(folder, options, log)
    finally:
        if keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return section(fleet, single, options, machine)


def with_fleet(document: str, quick: bool, log: Callable[[str], None]) -> str:
    """``document`` (a BENCHMARKS.md) with a freshly measured fleet section."""
    return replace_section(document, measured_section(quick, log))


def fleet_only(quick: bool, out: Path | None, keep: bool, log: Callable[[str], None]) -> int:
    """``scripts/bench.py --fleet``: measure the fleet, print its section, and put it in
    ``out`` in place of the one there (the rest of the file is kept)."""
    text = measured_section(quick, log, keep)
    print(text)
    if out is not None:
        old = out.read_text("utf-8") if out.exists() else ""
        out.write_text(replace_section(old, text), "utf-8")
        log(f"wrote {out}")
    return 0
