"""The results as Markdown: the targets (ratios) first, then every figure, then the machine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from benchmarks.timing import Timing

W1, W10 = "W1", "W10"


@dataclass(frozen=True)
class Row:
    """One figure for each workload; None where it could not be measured."""

    key: str
    label: str
    unit: str  # "ms" or "updates/s"
    timings: dict[str, Timing | None]
    stat: float = 0.5  # which percentile is the figure: 0.5 is the median
    ours: bool = True  # a tracker figure (held to the linear-scaling target)
    note: str = ""

    def value(self, workload: str) -> float | None:
        timing = self.timings.get(workload)
        if timing is None:
            return None
        return timing.percentile(self.stat) if self.stat != 0.5 else timing.median

    @property
    def is_rate(self) -> bool:
        return self.unit != "ms"


@dataclass
class Results:
    """Everything one benchmark run measured, and what it noticed about the machine."""

    rows: dict[str, Row] = field(default_factory=dict)
    lost_updates: dict[str, int] = field(default_factory=dict)
    claims: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per store of the claimers' run: (duplicate claims, lost updates)."""
    machine: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows[row.key] = row

    def value(self, key: str, workload: str = W1) -> float | None:
        row = self.rows.get(key)
        return None if row is None else row.value(workload)


@dataclass(frozen=True)
class Target:
    """A goal from the issue: a measured ratio (or time) and the bound it must keep."""

    label: str
    measure: Callable[[Results], float | None]
    bound: float
    at_most: bool  # True: measured <= bound; False: measured >= bound
    shown: str  # how the figure reads, e.g. "{:.2f}x"


def _ratio(numerator: str, denominator: str) -> Callable[[Results], float | None]:
    def measure(results: Results) -> float | None:
        top, bottom = results.value(numerator), results.value(denominator)
        return None if top is None or bottom is None else top / bottom

    return measure


def _seconds(key: str) -> Callable[[Results], float | None]:
    return lambda results: results.value(key)


TARGETS = (
    Target("`tracker check` / floor (W1)", _ratio("check", "floor"), 1.5, True, "{:.2f}x"),
    Target("check-jsonschema / `tracker check` (W1)", _ratio("check-jsonschema", "check"),
           5.0, False, "{:.1f}x"),
    Target("`update_task` p50 / load+dump+fsync p50 (week C, W1)",
           _ratio("update-p50", "baseline-p50"), 1.0, True, "{:.2f}x"),
    Target("`get_ready_tasks()` all weeks (W1)", _seconds("ready"), 0.150, True, "{:.3f} s"),
    Target("`tracker render` / floor (W1)", _ratio("render", "floor"), 3.0, True, "{:.2f}x"),
    Target("8 writers / 1 writer, updates per second (W1)", _ratio("writers-8", "writers-1"),
           0.8, False, "{:.2f}x"),
    Target("16 claimers: PostgreSQL / YAML files, claims per second (W1)",
           _ratio("claims-postgres", "claims-yaml"), 5.0, False, "{:.1f}x"),
)  # fmt: skip


def scaling(row: Row) -> float | None:
    """How much more W10 costs than W1 (for a rate: how much less it achieves)."""
    small, large = row.value(W1), row.value(W10)
    if small is None or large is None:
        return None
    return small / large if row.is_rate else large / small


def _verdict(measured: float | None, target: Target) -> str:
    if measured is None:
        return "not measured"
    met = measured <= target.bound if target.at_most else measured >= target.bound
    return "met" if met else "**missed**"


def _target_lines(results: Results) -> Iterator[str]:
    yield "| target | measured | bound | verdict |"
    yield "|---|---:|---:|---|"
    for target in TARGETS:
        measured = target.measure(results)
        shown = "n/a" if measured is None else target.shown.format(measured)
        bound = ("<= " if target.at_most else ">= ") + target.shown.format(target.bound)
        yield f"| {target.label} | {shown} | {bound} | {_verdict(measured, target)} |"
    scaled = [(ratio, row) for row in results.rows.values() if row.ours and (ratio := scaling(row))]
    if scaled:
        worst, row = max(scaled, key=lambda pair: pair[0])
        verdict = "met" if worst <= 10 else "**missed**"
        label = f"W10 / W1, worst tracker figure ({row.label})"
        yield f"| {label} | {worst:.1f}x | <= 10.0x | {verdict} |"
    for workload, lost in results.lost_updates.items():
        verdict = "met" if lost == 0 else "**missed**"
        yield f"| lost updates, concurrent writers ({workload}) | {lost} | 0 | {verdict} |"
    for store, (duplicates, lost) in results.claims.items():
        for what, count in (("duplicate claims", duplicates), ("lost updates", lost)):
            verdict = "met" if count == 0 else "**missed**"
            yield f"| {what}, 16 claimers on {store} (W1) | {count} | 0 | {verdict} |"


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.1f} ms" if unit == "ms" else f"{value:.0f} {unit}"


def _row_lines(results: Results) -> Iterator[str]:
    yield "| figure | W1 | spread | W10 | spread | W10 / W1 |"
    yield "|---|---:|---:|---:|---:|---:|"
    for row in results.rows.values():
        cells = [row.label + (f" ({row.note})" if row.note else "")]
        for workload in (W1, W10):
            timing = row.timings.get(workload)
            cells.append(_figure(row.value(workload), row.unit))
            cells.append("" if timing is None else f"{timing.spread:.0%}")
        ratio = scaling(row)
        cells.append("" if ratio is None else f"{ratio:.1f}x")
        yield "| " + " | ".join(cells) + " |"


def markdown(results: Results, title: str) -> str:
    """The report: targets, figures, notes, machine."""
    sections = [
        f"# {title}",
        "Targets (ratios measured side by side in the same run):",
        "\n".join(_target_lines(results)),
        "Figures (median of the runs; `update_task` rows are percentiles of single calls; "
        "spread = (max - min) / median over the runs or calls):",
        "\n".join(_row_lines(results)),
    ]
    if results.notes:
        sections.append("Notes:\n\n" + "\n".join(f"- {note}" for note in results.notes))
    sections.append("Machine:\n\n" + "\n".join(f"- {fact}" for fact in results.machine))
    return "\n\n".join(sections) + "\n"
