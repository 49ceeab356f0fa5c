"""Whole processes timed round by round, with each run's peak memory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.interleave import Process, run_once, time_together
from benchmarks.timing import BenchmarkError


def test_each_round_runs_every_process_in_turn(tmp_path: Path):
    log = tmp_path / "order.txt"

    def appender(name: str) -> Process:
        code = f"open({str(log)!r}, 'a').write({name!r})"
        return Process(name, [sys.executable, "-c", code])

    measured = time_together([appender("a"), appender("b")], 2, cwd=tmp_path, env={})
    assert log.read_text() == "ababab"  # one warm-up round, then two measured ones
    assert [len(m.timing.values) for m in measured.values()] == [2, 2]


def test_the_peak_memory_of_each_run_is_its_own(tmp_path: Path):
    """Not the benchmark's own: a child shares its memory until it runs its program."""
    ballast = bytearray(150 * 2**20)
    ballast[:: 2**12] = b"1" * len(ballast[:: 2**12])
    small = Process("small", [sys.executable, "-c", "pass"])
    touch_every_page = "x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096])"
    large = Process("large", [sys.executable, "-c", touch_every_page])
    measured = time_together([large, small], 1, cwd=tmp_path, env={})
    assert measured["large"].peak_rss > 200 * 2**20
    assert measured["small"].peak_rss < 100 * 2**20 < len(ballast)


def test_before_runs_before_each_run_and_exit_codes_are_checked(tmp_path: Path):
    calls = []
    process = Process(
        "p", [sys.executable, "-c", "import sys; sys.exit(1)"], (0, 1), lambda: calls.append(1)
    )
    measured = time_together([process], 2, cwd=tmp_path, env={})
    assert len(calls) == 3
    assert measured["p"].remark == "exit 1: "
    with pytest.raises(BenchmarkError, match="exited 3: boom"):
        run_once(Process("q", [sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"]),
                 cwd=tmp_path, env={})  # fmt: skip
