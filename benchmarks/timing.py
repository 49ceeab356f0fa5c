"""Timing: whole processes and in-process calls, several runs, median and spread."""

from __future__ import annotations

import math
import multiprocessing
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class BenchmarkError(Exception):
    """A measured command failed, so its time would mean nothing."""


@dataclass(frozen=True)
class Timing:
    """Several measurements of one thing, in seconds (or a rate, for throughput)."""

    values: tuple[float, ...]
    remark: str = ""  # e.g. a measured command's exit status when it was not 0

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def percentile(self, share: float) -> float:
        """The value below which ``share`` (0-1) of the measurements fall (nearest rank)."""
        ordered = sorted(self.values)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    @property
    def spread(self) -> float:
        """(max - min) / median: how much runs disagreed; 0 for a single run."""
        return (max(self.values) - min(self.values)) / self.median if self.median else 0.0


def time_process(
    argv: Sequence[str],
    runs: int,
    *,
    cwd: Path,
    env: dict[str, str],
    ok_codes: tuple[int, ...] = (0,),
) -> Timing:
    """Wall time of ``argv`` as a fresh process, ``runs`` times after one unmeasured warm-up.

    The warm-up fills the page cache, so every measured run starts from the
    same, warm state, as it would for a user running the command twice.
    """
    values = []
    for run in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        said = (done.stderr or done.stdout).decode(errors="replace").strip()
        if done.returncode not in ok_codes:
            command = " ".join(argv[:6])
            raise BenchmarkError(f"{command} ... exited {done.returncode}: {said[-500:]}")
        if run:
            values.append(elapsed)
    first_line = said.splitlines()[0] if said else ""
    remark = f"exit {done.returncode}: {first_line[:120]}" if done.returncode else ""
    return Timing(tuple(values), remark)


def time_calls(call: Callable[[], object], runs: int) -> Timing:
    """Wall time of ``call()`` in this process, ``runs`` times after one warm-up."""
    values = []
    for run in range(runs + 1):
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        if run:
            values.append(elapsed)
    return Timing(tuple(values))


def run_together(
    target: Callable[..., None], arguments: Sequence[tuple[Any, ...]], timeout: float
) -> list[Any]:
    """One process per argument tuple, all started together; what each reported.

    Each runs ``target(*args, barrier, results)``: it waits on ``barrier``
    (so process start-up is not measured) and puts one report on ``results``,
    or a string saying why it failed, which raises :class:`BenchmarkError`.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(arguments))
    results = context.Queue()
    processes = [
        context.Process(target=target, args=(*args, barrier, results)) for args in arguments
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=timeout) for _ in processes]
    for process in processes:
        process.join()
    failures = [report for report in reports if isinstance(report, str)]
    if failures:
        raise BenchmarkError("; ".join(failures))
    return reports
