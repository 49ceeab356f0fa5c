"""The whole-process commands measured: the tracker's, and the baselines beside them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.workload import Workload

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA = REPO_ROOT / "schemas" / "tracker.schema.json"

FLOOR_CODE = """\
import sys, yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""
"""The floor: a bare interpreter that only loads the same files with libyaml."""


@dataclass(frozen=True)
class Command:
    """A command line to time against a workload; ``argv`` is None when it is not available."""

    key: str
    label: str
    argv: list[str] | None
    why_missing: str = ""
    ok_codes: tuple[int, ...] = (0,)


def _tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def subcommand_exists(name: str, env: dict[str, str]) -> bool:
    """Whether this checkout's ``tracker`` has subcommand ``name`` (its ``--help`` succeeds)."""
    done = subprocess.run(
        _tracker(name, "--help"), cwd=REPO_ROOT, env=env, capture_output=True, check=False
    )
    return done.returncode == 0


def schema_for(scratch: Path) -> tuple[Path, str]:
    """The committed schema, or (until it exists) one generated from the models, and a note."""
    if SCHEMA.is_file():
        return SCHEMA, f"{SCHEMA.relative_to(REPO_ROOT)}"
    from tracker.domain.models import WeekTracker

    generated = scratch / "tracker.schema.json"
    generated.write_text(json.dumps(WeekTracker.model_json_schema(), indent=2), "utf-8")
    return generated, "WeekTracker.model_json_schema() (schemas/tracker.schema.json not present)"


def _files(workload: Workload) -> list[str]:
    return [str(path) for path in workload.tracker_files()]


def commands(
    workload: Workload, scratch: Path, schema: Path, available: Sequence[str]
) -> list[Command]:
    """Every whole-process figure for ``workload``; ``available`` names tracker subcommands."""
    data = ["--data-dir", str(workload.data_dir)]
    site = scratch / f"site-{workload.name}"

    def tracker(key: str, label: str, *args: str, ok_codes: tuple[int, ...] = (0,)) -> Command:
        if key not in available:
            return Command(key, label, None, f"`tracker {key}` not available in this checkout")
        return Command(key, label, _tracker(*data, key, *args), ok_codes=ok_codes)

    return [
        Command(
            "floor",
            "floor: python + libyaml load",
            [sys.executable, "-c", FLOOR_CODE, *_files(workload)],
        ),
        Command(
            "check-jsonschema",
            "check-jsonschema (same files, our schema)",
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--schemafile",
                str(schema),
                *_files(workload),
            ],
            ok_codes=(0, 1),
        ),
        # Exit 1 means problems found: the work is the same, and the report says so.
        tracker("check", "tracker check", ok_codes=(0, 1)),
        tracker("render", "tracker render", "--out", str(site)),
        tracker("progress", "tracker progress"),
        # The fixed cost every tracker command pays before reading a file.
        Command(
            "startup",
            "start-up: import tracker.cli.main",
            [sys.executable, "-c", "import tracker.cli.main"],
        ),
    ]
