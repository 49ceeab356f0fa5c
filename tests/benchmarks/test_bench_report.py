"""The benchmark report: targets with verdicts first, then every figure."""

from __future__ import annotations

import pytest

from benchmarks.report import (
    ONE_WEEK,
    W1,
    W10,
    W100,
    Memory,
    Results,
    Row,
    markdown,
    missed,
    scaling,
)
from benchmarks.timing import Timing


def _results(**medians: tuple[float | None, ...]) -> Results:
    """Rows by key with their W1, W10 (and W100) medians."""
    results = Results(machine=["2 CPUs"])
    for key, values in medians.items():
        unit = "updates/s" if key.startswith("writers") else "claims/s" if "claims" in key else "ms"
        timings = {
            column: None if value is None else Timing((value,))
            for column, value in zip((W1, W10, W100), values, strict=False)
        }
        results.add(Row(key, key, unit, timings, ours=not key.startswith(("floor", "check-js"))))
    return results


def _verdicts(text: str) -> dict[str, str]:
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return {cells[0].lstrip("| "): cells[-1].rstrip(" |") for cells in rows if len(cells) == 4}


def test_targets_come_first_with_their_verdicts():
    results = _results(
        floor=(0.100, 1.0, 10.0),
        check=(0.140, 0.9, 9.0),
        **{"check-jsonschema": (1.8, 18.0)},
        ready=(0.200, 2.1),
        **{"writers-1": (100.0, 20.0), "writers-8": (90.0, 8.0)},
        **{"claims-1": (60.0,), "claims-8": (40.0,)},
    )
    results.lost_updates = {W1: 0, W10: 2}
    results.claim_checks = {1: (0, 0), 8: (1, 0)}
    text = markdown(results, "Benchmarks")
    assert text.index("| target |") < text.index("| figure |")
    verdicts = _verdicts(text)
    assert verdicts["`tracker check` / floor, canonical files (W1)"] == "**missed**"  # 1.4x
    assert verdicts["`tracker check` / floor, canonical files (W10)"] == "met"  # 0.9x
    assert verdicts["`tracker check` / floor, another tool's files (W1)"] == "not measured"
    assert verdicts["`tracker check` W100 / W10, canonical files"] == "met"  # 10.0x
    assert verdicts["check-jsonschema / `tracker check` (W1)"] == "met"  # 12.9x
    assert verdicts["`get_ready_tasks()` all weeks (W1)"] == "**missed**"  # 200 ms
    assert verdicts["`tracker render` into an empty folder / floor (W1)"] == "not measured"
    assert verdicts["8 writers / 1 writer, updates per second (W1)"] == "met"  # 0.9x
    assert verdicts["`claim_next` without a week, 1 process (W1)"] == "met"
    assert verdicts["`claim_next` without a week, 8 processes (W1)"] == "**missed**"
    assert verdicts["W10 / W1, worst tracker figure (writers-8)"] == "**missed**"  # 11.3x
    assert verdicts["lost updates, concurrent writers (W10)"] == "**missed**"
    assert verdicts["tasks claimed twice, 8 claiming process(es) (W1)"] == "**missed**"
    assert "| check | 140.0 ms | 0% | 900.0 ms | 0% | 9000.0 ms | 0% | 6.4x | 10.0x |" in text


def test_what_is_missed_is_listed_and_what_is_not_measured_is_not():
    results = _results(floor=(0.100, 1.0), check=(0.095, 0.95))
    assert missed(results) == []
    results = _results(floor=(0.100, 1.0), check=(0.090, 1.2))
    assert missed(results) == [
        "`tracker check` / floor, canonical files (W10)",
        "W10 / W1, worst tracker figure (check)",  # 13.3x
    ]


def test_memory_is_counted_beyond_start_up_against_the_largest_file():
    results = _results(floor=(0.1,), check=(0.09,))
    mib = 2**20
    results.memory.append(Memory("`tracker check`", ONE_WEEK, 240 * mib, 40 * mib, 10 * mib))
    assert results.memory[0].multiple == 20.0
    text = markdown(results, "Benchmarks")
    assert "| `tracker check` | one week | 240 MiB | 40 MiB | 10.0 MiB | 20.0x |" in text
    label = "peak memory of `tracker check` beyond start-up / largest file (one week)"
    assert _verdicts(text)[label] == "met"
    results.memory.append(Memory("other", ONE_WEEK, 300 * mib, 40 * mib, 10 * mib))
    assert label not in missed(results)  # 26x
    results.memory.append(Memory("worse", ONE_WEEK, 400 * mib, 40 * mib, 10 * mib))
    assert label in missed(results)


@pytest.mark.parametrize(
    ("unit", "small", "large", "expected"),
    [("ms", 0.1, 0.5, 5.0), ("updates/s", 100.0, 20.0, 5.0), ("ms", 0.1, None, None)],
)
def test_scaling_is_cost_for_times_and_loss_for_rates(unit, small, large, expected):
    timings = {W1: Timing((small,)), W10: None if large is None else Timing((large,))}
    assert scaling(Row("x", "x", unit, timings)) == expected


def test_percentile_rows_use_their_percentile():
    calls = Timing(tuple(float(n) for n in range(1, 11)))
    assert Row("p90", "p90", "ms", {W1: calls}, stat=0.9).value(W1) == 9.0
    assert Row("p50", "p50", "ms", {W1: calls}).value(W1) == 5.5
