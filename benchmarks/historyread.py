"""Reading history: one week's in one file or split into fragments, and every week's.

Writers append to their own fragment (``history/<writer>.jsonl``), so a
week's history may be spread over many files that are read back as one
causally ordered log. Measured in-process with a fresh backend per run, next
to the floor of only parsing the same lines with ``json.loads``.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.timing import Timing, time_calls
from benchmarks.workload import CURRENT_WEEK, Workload
from tracker.domain.weeks import Week
from tracker.project import history_files_in
from tracker.store.yamlstore import YAMLTrackerBackend

FRAGMENTS = 16


def split_history(workload: Workload, folder: Path, fragments: int = FRAGMENTS) -> Workload:
    """A copy whose current week's history is dealt round-robin into ``fragments`` files."""
    split = workload.copy(folder)
    week_dir = split.data_dir / Week(CURRENT_WEEK).folder
    lines = [line for path in history_files_in(week_dir) for line in path.read_bytes().splitlines()]
    for path in history_files_in(week_dir):
        path.unlink()
    for n in range(fragments):
        target = week_dir / "history" / f"writer-{n:02}.jsonl"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(b"".join(line + b"\n" for line in lines[n::fragments]))
    return split


def _json_floor(paths: list[Path]) -> None:
    for path in paths:
        for line in path.read_bytes().splitlines():
            json.loads(line)


def _json_floor_kept(paths: list[Path]) -> list[object]:
    """The floor of a reader that returns the history: every line's object alive at the end,
    as events are (the plain floor frees each one at once, and stays in the CPU's caches)."""
    return [json.loads(line) for path in paths for line in path.read_bytes().splitlines()]


def measure(workload: Workload, scratch: Path, runs: int) -> dict[str, Timing]:
    """The history figures of ``workload`` (keys as in the report), interleaved run by run."""
    split = split_history(workload, scratch / f"history-{workload.name}")
    week_files = history_files_in(workload.data_dir / Week(CURRENT_WEEK).folder)
    all_files = [p for d in sorted(workload.data_dir.iterdir()) for p in history_files_in(d)]

    def every_week() -> None:
        backend = YAMLTrackerBackend(workload.data_dir)
        for week in backend.weeks():
            backend.read_history(week)

    calls = {
        "history-week": lambda: YAMLTrackerBackend(workload.data_dir).read_history(CURRENT_WEEK),
        "history-week-split": lambda: YAMLTrackerBackend(split.data_dir).read_history(CURRENT_WEEK),
        "history-week-floor": lambda: _json_floor(week_files),
        "history-week-floor-kept": lambda: _json_floor_kept(week_files),
        "history-all": every_week,
        "history-all-floor": lambda: _json_floor(all_files),
    }
    values: dict[str, list[float]] = {key: [] for key in calls}
    for _ in range(runs):
        for key, call in calls.items():
            values[key] += time_calls(call, 1).values
    return {key: Timing(tuple(found)) for key, found in values.items()}
