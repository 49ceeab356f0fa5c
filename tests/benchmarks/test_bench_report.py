"""The benchmark report: targets with verdicts first, then every figure."""

from __future__ import annotations

import pytest

from benchmarks.report import W1, W10, Results, Row, markdown, scaling
from benchmarks.timing import Timing


def _results(**medians: tuple[float | None, float | None]) -> Results:
    results = Results(machine=["2 CPUs"])
    for key, (small, large) in medians.items():
        unit = "updates/s" if key.startswith("writers") else "ms"
        timings = {
            name: None if value is None else Timing((value,))
            for name, value in ((W1, small), (W10, large))
        }
        results.add(Row(key, key, unit, timings, ours=key not in ("floor", "check-jsonschema")))
    return results


def _verdicts(text: str) -> dict[str, str]:
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return {cells[0].lstrip("| "): cells[-1].rstrip(" |") for cells in rows if len(cells) == 4}


def test_targets_come_first_with_their_verdicts():
    results = _results(
        floor=(0.100, 1.0),
        check=(0.140, 1.2),
        **{"check-jsonschema": (1.8, 18.0)},
        ready=(0.200, 2.1),
        **{"writers-1": (100.0, 20.0), "writers-8": (90.0, 8.0)},
    )
    results.lost_updates = {W1: 0, W10: 2}
    text = markdown(results, "Benchmarks")
    assert text.index("| target |") < text.index("| figure |")
    verdicts = _verdicts(text)
    assert verdicts["`tracker check` / floor (W1)"] == "met"  # 1.4x
    assert verdicts["check-jsonschema / `tracker check` (W1)"] == "met"  # 12.9x
    assert verdicts["`get_ready_tasks()` all weeks (W1)"] == "**missed**"  # 200 ms
    assert verdicts["`tracker render` / floor (W1)"] == "not measured"
    assert verdicts["8 writers / 1 writer, updates per second (W1)"] == "met"  # 0.9x
    assert verdicts["W10 / W1, worst tracker figure (writers-8)"] == "**missed**"  # 11.3x
    assert verdicts["lost updates, concurrent writers (W10)"] == "**missed**"
    assert "| check | 140.0 ms | 0% | 1200.0 ms | 0% | 8.6x |" in text


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
