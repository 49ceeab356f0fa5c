"""Whole processes timed side by side, with the memory each one needed.

Each round times every process once, in turn, so a figure and its baseline
share whatever the (shared, 2-core) machine was doing at the time; a ratio of
their medians is then fairer than one of runs made minutes apart. The peak
resident memory of each Python run is its own ``VmHWM``, which it reports as it
exits (``peak/sitecustomize.py``); ``wait4``'s is only a fallback, since it also
counts the memory a child shares with this process until it runs its program.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.timing import BenchmarkError, Timing


@dataclass(frozen=True)
class Process:
    """A command line to time; ``before`` runs (untimed) before each run of it."""

    key: str
    argv: list[str]
    ok_codes: tuple[int, ...] = (0,)
    before: Callable[[], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    """Set for this process only (over the environment every process gets)."""


@dataclass(frozen=True)
class Measured:
    """The runs of one process: wall times, and the largest peak memory of a run."""

    timing: Timing
    peak_rss: int
    """Bytes."""
    remark: str = ""
    """The exit status and first line of output, when the status was not 0."""
    all_rss: tuple[int, ...] = field(default=())


PEAK_SITE = Path(__file__).resolve().parent / "peak"


def run_once(process: Process, *, cwd: Path, env: dict[str, str]) -> tuple[float, int, int, str]:
    """Run ``process``: (seconds, peak resident bytes, exit status, what it said)."""
    if process.before is not None:
        process.before()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        path = os.pathsep.join(filter(None, [str(PEAK_SITE), env.get("PYTHONPATH")]))
        # not TRACKER_*: the check cache's key holds those, and this one differs every run
        child_env = {**env, **process.env, "PYTHONPATH": path, "BENCH_PEAK_FILE": str(peak_file)}
        start = time.perf_counter()
        child = subprocess.Popen(process.argv, cwd=cwd, env=child_env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait
        out.seek(0)
        said = out.read().decode(errors="replace").strip()
        reported = peak_file.read_text() if peak_file.exists() else ""
    peak = int(reported) if reported.isdigit() else usage.ru_maxrss * 1024
    if child.returncode not in process.ok_codes:
        command = " ".join(process.argv[:6])
        raise BenchmarkError(f"{command} ... exited {child.returncode}: {said[-500:]}")
    return elapsed, peak, child.returncode, said


def time_together(
    processes: Sequence[Process], runs: int, *, cwd: Path, env: dict[str, str]
) -> dict[str, Measured]:
    """Every process timed ``runs`` times, round by round, after one unmeasured round
    (which fills the page cache and Python's bytecode cache, as a user's second run has)."""
    times: dict[str, list[float]] = {p.key: [] for p in processes}
    peaks: dict[str, list[int]] = {p.key: [] for p in processes}
    remarks: dict[str, str] = {}
    for round_ in range(runs + 1):
        for process in processes:
            elapsed, peak, status, said = run_once(process, cwd=cwd, env=env)
            if round_:
                times[process.key].append(elapsed)
                peaks[process.key].append(peak)
            if status:
                first = said.splitlines()[0] if said else ""
                remarks[process.key] = f"exit {status}: {first[:120]}"
    return {
        key: Measured(
            Timing(tuple(values)), max(peaks[key]), remarks.get(key, ""), tuple(peaks[key])
        )
        for key, values in times.items()
    }
