"""The results as Markdown: the targets (ratios) first, then every figure, then the machine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from benchmarks.timing import Timing

W1, W10, W100, ONE_WEEK = "W1", "W10", "W100", "one week"
COLUMNS = (W1, W10, W100, ONE_WEEK)
"""The workloads, as the figures table's columns (those measured are shown)."""


@dataclass(frozen=True)
class Row:
    """One figure for each workload; None where it could not be measured."""

    key: str
    label: str
    unit: str  # "ms", "updates/s" or "claims/s"
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


@dataclass(frozen=True)
class Memory:
    """The peak memory of one command against the largest file it read."""

    label: str
    workload: str
    peak: int
    """Bytes: the largest peak resident size of its runs."""
    startup: int
    """Bytes: the peak of a process that only imports the tracker (subtracted)."""
    largest_file: int

    @property
    def multiple(self) -> float:
        """How many times the largest file the command needed beyond its start-up."""
        return max(0, self.peak - self.startup) / self.largest_file


@dataclass
class Results:
    """Everything one benchmark run measured, and what it noticed about the machine."""

    rows: dict[str, Row] = field(default_factory=dict)
    lost_updates: dict[str, int] = field(default_factory=dict)
    claim_checks: dict[int, tuple[int, int]] = field(default_factory=dict)
    """By number of claiming processes: (tasks claimed twice, claims not in the files)."""
    claims: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per store of the claimers' run: (duplicate claims, lost updates)."""
    memory: list[Memory] = field(default_factory=list)
    machine: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows[row.key] = row

    def value(self, key: str, workload: str = W1) -> float | None:
        row = self.rows.get(key)
        return None if row is None else row.value(workload)


@dataclass(frozen=True)
class Target:
    """A goal from the issues: a measured ratio (or time) and the bound it must keep."""

    label: str
    measure: Callable[[Results], float | None]
    bound: float
    at_most: bool  # True: measured <= bound; False: measured >= bound
    shown: str  # how the figure reads, e.g. "{:.2f}x"

    def verdict(self, results: Results) -> str:
        measured = self.measure(results)
        if measured is None:
            return "not measured"
        met = measured <= self.bound if self.at_most else measured >= self.bound
        return "met" if met else "**missed**"


def _ratio(top: str, bottom: str, workload: str = W1) -> Callable[[Results], float | None]:
    def measure(results: Results) -> float | None:
        a, b = results.value(top, workload), results.value(bottom, workload)
        return None if a is None or b is None else a / b

    return measure


def _growth(key: str, small: str, large: str) -> Callable[[Results], float | None]:
    def measure(results: Results) -> float | None:
        a, b = results.value(key, small), results.value(key, large)
        return None if a is None or b is None else b / a

    return measure


def _seconds(key: str) -> Callable[[Results], float | None]:
    return lambda results: results.value(key)


def _worst_memory(results: Results) -> float | None:
    found = [m.multiple for m in results.memory if m.workload == ONE_WEEK]
    return max(found) if found else None


_FILES = {"": "canonical files", "-other": "another tool's files"}

TARGETS = (
    *(
        Target(f"`tracker check` / floor, {files} ({workload})",
               _ratio(f"check{suffix}", f"floor{suffix}", workload), 1.0, True, "{:.2f}x")
        for workload in (W1, W10, W100)
        for suffix, files in _FILES.items()
    ),
    *(
        Target(f"`tracker check` / floor, one week of 24,070 items, {files}",
               _ratio(f"check{suffix}", f"floor{suffix}", ONE_WEEK), 1.0, True, "{:.2f}x")
        for suffix, files in _FILES.items()
    ),
    *(
        Target(f"`tracker check` / floor, thousands of findings in one week, {files}",
               _ratio(f"check-stale{suffix}", f"floor-stale{suffix}", ONE_WEEK), 1.0, True,
               "{:.2f}x")
        for suffix, files in _FILES.items()
    ),
    *(
        Target(f"`tracker check`, cached (nothing changed) / floor ({workload})",
               _ratio("check-cached", "floor", workload), 1.0, True, "{:.2f}x")
        for workload in (W1, W10, W100)
    ),
    *(
        Target(f"`tracker check` W100 / W10, {files}", _growth(f"check{suffix}", W10, W100),
               10.5, True, "{:.1f}x")
        for suffix, files in _FILES.items()
    ),
    Target("check-jsonschema / `tracker check` (W1)", _ratio("check-jsonschema", "check"),
           5.0, False, "{:.1f}x"),
    Target("`tracker render` into an empty folder / floor (W1)", _ratio("render", "floor"),
           2.0, True, "{:.2f}x"),
    Target("`update_task` p50 / load+dump+fsync p50 (week C, W1)",
           _ratio("update-p50", "baseline-p50"), 1.0, True, "{:.2f}x"),
    Target("`get_ready_tasks()` all weeks (W1)", _seconds("ready"), 0.150, True, "{:.3f} s"),
    Target("8 writers / 1 writer, updates per second (W1)", _ratio("writers-8", "writers-1"),
           0.8, False, "{:.2f}x"),
    Target("`claim_next` without a week, 1 process (W1)", _seconds("claims-1"), 50.0, False,
           "{:.0f} claims/s"),
    Target("`claim_next` without a week, 8 processes (W1)", _seconds("claims-8"), 50.0, False,
           "{:.0f} claims/s"),
    Target("16 claimers: PostgreSQL / YAML files, claims per second (W1)",
           _ratio("claims-postgres", "claims-yaml"), 5.0, False, "{:.1f}x"),
    Target("peak memory of `tracker check` beyond start-up / largest file (one week)",
           _worst_memory, 30.0, True, "{:.1f}x"),
)  # fmt: skip


def scaling(row: Row, small: str = W1, large: str = W10) -> float | None:
    """How much more ``large`` costs than ``small`` (for a rate: how much less it achieves)."""
    low, high = row.value(small), row.value(large)
    if low is None or high is None:
        return None
    return low / high if row.is_rate else high / low


def _worst_scaling(results: Results) -> tuple[float, Row] | None:
    scaled = [(ratio, row) for row in results.rows.values() if row.ours and (ratio := scaling(row))]
    return max(scaled, key=lambda pair: pair[0]) if scaled else None


def _target_lines(results: Results) -> Iterator[tuple[str, str, str, str]]:
    for target in TARGETS:
        measured = target.measure(results)
        shown = "n/a" if measured is None else target.shown.format(measured)
        bound = ("<= " if target.at_most else ">= ") + target.shown.format(target.bound)
        yield target.label, shown, bound, target.verdict(results)
    worst = _worst_scaling(results)
    if worst:
        ratio, row = worst
        label = f"W10 / W1, worst tracker figure ({row.label})"
        yield label, f"{ratio:.1f}x", "<= 10.0x", "met" if ratio <= 10 else "**missed**"
    for workload, lost in results.lost_updates.items():
        verdict = "met" if lost == 0 else "**missed**"
        yield f"lost updates, concurrent writers ({workload})", str(lost), "0", verdict
    for store, (duplicates, lost) in results.claims.items():
        for what, count in (("duplicate claims", duplicates), ("lost updates", lost)):
            verdict = "met" if count == 0 else "**missed**"
            yield f"{what}, 16 claimers on {store} (W1)", str(count), "0", verdict
    for processes, counts in results.claim_checks.items():
        for what, count in zip(("tasks claimed twice", "claims lost"), counts, strict=True):
            verdict = "met" if count == 0 else "**missed**"
            yield f"{what}, {processes} claiming process(es) (W1)", str(count), "0", verdict


def missed(results: Results) -> list[str]:
    """The targets the results miss (those not measured are not missed)."""
    return [label for label, _, _, verdict in _target_lines(results) if verdict != "met"
            and verdict != "not measured"]  # fmt: skip


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.1f} ms" if unit == "ms" else f"{value:.0f} {unit}"


def _row_lines(results: Results) -> Iterator[str]:
    columns = [c for c in COLUMNS if any(r.timings.get(c) for r in results.rows.values())]
    growths = [(W1, W10), (W10, W100)] if W100 in columns else [(W1, W10)]
    header = ["figure"] + [f"{c} | spread" for c in columns] + [f"{b} / {a}" for a, b in growths]
    yield "| " + " | ".join(header) + " |"
    yield "|---" + "|---:|---:" * len(columns) + "|---:" * len(growths) + "|"
    for row in results.rows.values():
        cells = [row.label + (f" ({row.note})" if row.note else "")]
        for column in columns:
            timing = row.timings.get(column)
            cells.append(_figure(row.value(column), row.unit))
            cells.append("" if timing is None else f"{timing.spread:.0%}")
        for small, large in growths:
            ratio = scaling(row, small, large)
            cells.append("" if ratio is None else f"{ratio:.1f}x")
        yield "| " + " | ".join(cells) + " |"


def _memory_lines(results: Results) -> Iterator[str]:
    yield "| command | workload | peak | start-up | largest file | (peak - start-up) / file |"
    yield "|---|---|---:|---:|---:|---:|"
    for m in results.memory:
        yield (
            f"| {m.label} | {m.workload} | {m.peak / 2**20:.0f} MiB | {m.startup / 2**20:.0f} MiB"
            f" | {m.largest_file / 2**20:.1f} MiB | {m.multiple:.1f}x |"
        )


def markdown(results: Results, title: str) -> str:
    """The report: targets, figures, memory, notes, machine."""
    targets = ["| target | measured | bound | verdict |", "|---|---:|---:|---|"]
    targets += ["| " + " | ".join(cells) + " |" for cells in _target_lines(results)]
    sections = [
        f"# {title}",
        "Targets (ratios measured side by side in the same run):",
        "\n".join(targets),
        "Figures (median of the runs; `update_task` rows are percentiles of single calls; "
        "spread = (max - min) / median over the runs or calls):",
        "\n".join(_row_lines(results)),
    ]
    if results.memory:
        sections.append(
            "Peak memory (resident, from `wait4`):\n\n" + "\n".join(_memory_lines(results))
        )
    if results.notes:
        sections.append("Notes:\n\n" + "\n".join(f"- {note}" for note in results.notes))
    sections.append("Machine:\n\n" + "\n".join(f"- {fact}" for fact in results.machine))
    return "\n\n".join(sections) + "\n"
