"""The whole-process commands measured: the tracker's, and the baselines beside them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.interleave import Process
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


def floor(key: str, workload: Workload) -> Process:
    """The floor for ``workload``: a bare interpreter loading its files with libyaml."""
    return Process(key, [sys.executable, "-c", FLOOR_CODE, *_files(workload)])


def check(key: str, workload: Workload) -> Process:
    """``tracker check`` over the workload, in full (``--no-cache``: its result cache would
    answer every run after the first); exit 1 (problems found) does the same work."""
    argv = _tracker("--data-dir", str(workload.data_dir), "check", "--no-cache")
    return Process(key, argv, ok_codes=(0, 1))


def check_cached(key: str, workload: Workload, cache: Path) -> Process:
    """``tracker check`` run again on unchanged data: answered from its result cache in
    ``cache`` (filled by the unmeasured first round), as a second pre-commit run is."""
    argv = _tracker("--data-dir", str(workload.data_dir), "check")
    return Process(key, argv, ok_codes=(0, 1), env={"XDG_CACHE_HOME": str(cache)})


def render_cold(key: str, workload: Workload, site: Path) -> Process:
    """``tracker render`` into an empty folder, as a CI job or a fresh clone renders."""
    return Process(
        key,
        _tracker("--data-dir", str(workload.data_dir), "render", "--out", str(site)),
        before=lambda: shutil.rmtree(site, ignore_errors=True),
    )


def series(
    workload: Workload, other: Workload, scratch: Path, schema: Path | None
) -> list[Process]:
    """Every whole-process figure of a 26-week workload (canonical files and ``other``,
    the same data as another tool writes it); check-jsonschema when ``schema`` is given."""
    data = ["--data-dir", str(workload.data_dir)]
    found = [
        floor("floor", workload),
        check("check", workload),
        check_cached("check-cached", workload, scratch / f"cache-{workload.name}"),
        floor("floor-other", other),
        check("check-other", other),
        render_cold("render", workload, scratch / f"site-{workload.name}"),
        Process("progress", _tracker(*data, "progress")),
        # The fixed cost every tracker command pays before reading a file.
        Process("startup", [sys.executable, "-c", "import tracker.cli.main"]),
    ]
    if schema is not None:
        argv = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema)]
        found.append(Process("check-jsonschema", [*argv, *_files(workload)], ok_codes=(0, 1)))
    return found
