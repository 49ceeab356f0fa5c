"""``tracker check`` answered from its result cache: real ``python -m tracker check`` processes
on real files, the cache in the test's own ``$XDG_CACHE_HOME``.

Whether a run checked in full or replayed is read from ``-X importtime``: a full check
loads pydantic (the models), a replay does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import FakeClock
from tracker import YAMLTrackerBackend
from tracker.checking.schema import render_schema

pytestmark = pytest.mark.slow
LIBRARIES = ("pydantic", "yaml", "jinja2")


class Run(NamedTuple):
    code: int
    out: str
    err: str
    loaded: frozenset[str]
    """Modules imported by the run."""

    @property
    def full(self) -> bool:
        return "pydantic" in self.loaded

    @property
    def answer(self) -> tuple[int, str, str]:
        return self.code, self.out, self.err


def check(repo: Path, *args: str, **env: str) -> Run:
    """``python -X importtime -m tracker check ARGS`` in ``repo``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "check", *args],
        cwd=repo, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = done.stderr.splitlines(keepends=True)
    timing = [line for line in lines if line.startswith("import time:")]
    err = "".join(line for line in lines if not line.startswith("import time:"))
    loaded = frozenset(line.rpartition("|")[2].strip() for line in timing)
    return Run(done.returncode, done.stdout, err, loaded)


def entries() -> list[Path]:
    return sorted((Path(os.environ["XDG_CACHE_HOME"]) / "tracker").glob("*.json"))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of two weeks with history, its settings (an unknown key: a warning on
    stderr) and schema; one item's research started."""
    root = tmp_path / "repo"
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "tracker.schema.json").write_text(render_schema())
    (root / "pyproject.toml").write_text('[tool.tracker]\nflavour = "plain"\n')
    tracker = YAMLTrackerBackend(root / "data" / "weeks", clock=FakeClock())
    tracker.sync_with_etl("A", ["Argo", "Backstage"])
    tracker.sync_with_etl("B", ["Buildpacks"])
    tracker.update_task("A", "Argo", "research", "in_progress")
    monkeypatch.chdir(root)
    return root


def weeks(repo: Path) -> Path:
    return repo / "data" / "weeks"


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def test_a_second_run_replays_the_first_exactly_without_the_libraries(repo: Path) -> None:
    path = weeks(repo) / "00-A" / "tracker.yaml"
    path.write_text(path.read_text().replace("week_letter: A", "week_letter: C"))
    first = check(repo)
    assert first.full and first.code == 1
    assert "W002" in first.out and "unknown [tool.tracker] key 'flavour'" in first.err
    [entry] = entries()
    stored = identity(entry)
    again = check(repo)
    assert again.answer == first.answer
    assert not again.full and not {m.split(".")[0] for m in again.loaded} & set(LIBRARIES)
    assert identity(entry) == stored  # read, not written


def _history(repo: Path) -> Path:
    [fragment] = (weeks(repo) / "00-A" / "history").glob("*.jsonl")
    return fragment


def _symlink_instead(path: Path) -> None:
    """The same bytes, through a symlink to a copy outside the data folder (in the
    repository, where the check may read it)."""
    copy = path.parents[3] / "elsewhere.yaml"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(os.path.relpath(copy, path.parent))


def _replace_byte(path: Path, old: bytes, new: bytes) -> None:
    """One byte changed in place: the size stays the same."""
    data = path.read_bytes()
    assert len(old) == len(new) == 1 and old in data
    path.write_bytes(data.replace(old, new, 1))


CHANGES = {
    "a byte of a tracker file (its comment)": lambda r: _replace_byte(
        weeks(r) / "01-B" / "tracker.yaml", b"y", b"Y"
    ),
    "a byte of a history fragment (a name's case)": lambda r: _replace_byte(
        _history(r), b"w", b"W"
    ),
    "pyproject.toml": lambda r: _append(r / "pyproject.toml", b"# a comment\n"),
    "the schema": lambda r: _append(r / "schemas" / "tracker.schema.json", b" "),
    "a file added": lambda r: (weeks(r) / "notes.txt").write_text(""),
    "a file replaced by a symlink": lambda r: _symlink_instead(weeks(r) / "01-B" / "tracker.yaml"),
    "a folder added": lambda r: (weeks(r) / "02-C").mkdir(),
}


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(data)


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_check_reads_is_checked_in_full(repo: Path, change: str) -> None:
    assert check(repo).full
    CHANGES[change](repo)
    after = check(repo)
    assert after.full
    assert check(repo, "--no-cache").answer == after.answer
    assert not check(repo).full  # and that answer is kept in turn


def test_an_entry_of_other_arguments_or_another_folder_is_not_used(repo: Path) -> None:
    assert check(repo).full
    assert check(repo, "--format", "json").full
    assert check(repo, "--data-dir", "data/weeks").full
    (repo / "sub").mkdir()
    assert check(repo / "sub", "--data-dir", "../data/weeks").full
    assert not check(repo, "--format", "json").full


def _backend_at(repo: Path, moment: datetime) -> YAMLTrackerBackend:
    return YAMLTrackerBackend(weeks(repo), clock=lambda: moment)


def _wait_until(moment: datetime) -> None:
    while datetime.now(UTC) <= moment:
        time.sleep(0.1)


def test_a_lease_that_expires_after_the_run_is_reported_by_the_next(repo: Path) -> None:
    claimed = datetime.now(UTC).replace(microsecond=0)
    ends = claimed + timedelta(seconds=4)
    _backend_at(repo, claimed).claim_next("B", agent="researcher-1", lease=ends - claimed)
    first = check(repo)
    assert "L001" not in first.out
    [entry] = entries()
    assert json.loads(entry.read_text())["valid_until"] == ends.timestamp()
    assert not check(repo).full
    _wait_until(ends)
    after = check(repo)
    assert after.full and "L001" in after.out and "Buildpacks" in after.out


def test_a_time_in_the_future_that_comes_is_no_longer_reported(repo: Path) -> None:
    started = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=4)
    _backend_at(repo, started).update_task("B", "Buildpacks", "research", "in_progress")
    first = check(repo)
    assert "T004" in first.out and first.code == 1
    assert not check(repo).full
    _wait_until(started)
    after = check(repo)
    assert after.full and "T004" not in after.out and after.code == 0


def _interrupted_write(repo: Path) -> bytes:
    """A change that appended its events and died before saving the tracker file: the
    journal says so; the next check removes the events again."""
    fragment = _history(repo)
    size = fragment.stat().st_size
    line = '{"event_id": "e-interrupted", "action": "update"}\n'
    _append(fragment, line.encode())
    plan = {
        "history": fragment.relative_to(fragment.parent.parent).as_posix(),
        "history_size": size,
        "append": line,
        "tracker_sha256": "0" * 64,
    }
    journal = weeks(repo) / "00-A" / "tracker.yaml.journal"
    journal.write_text(json.dumps(plan))
    return fragment.read_bytes()[:size]


def test_an_interrupted_write_is_repaired_by_every_check(repo: Path) -> None:
    clean = check(repo)
    for _ in range(2):  # the same state twice: repaired twice, never replayed
        before = _interrupted_write(repo)
        run = check(repo)
        assert run.full and "removed the events of a change" in run.err
        assert _history(repo).read_bytes() == before
        assert (weeks(repo) / "00-A" / "tracker.yaml.journal").read_bytes() == b""
    assert check(repo).answer == clean.answer


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--no-cache",), {}), ((), {"TRACKER_NO_CACHE": "1"}), (("--check-outputs",), {})],
)
def test_asked_not_to_or_checking_files_outside_the_data_it_checks_in_full(
    repo: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    runs = [check(repo, *args, **env) for _ in range(2)]
    assert all(run.full for run in runs)
    assert runs[0].answer == runs[1].answer
    assert entries() == []


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[]", b'{"format": 0}', b"\xff\xfe", "{}"],
    ids=["empty", "torn", "a list", "older format", "not text", "no fields"],
)
def test_a_corrupt_entry_is_a_miss_and_is_replaced(repo: Path, content: bytes | str) -> None:
    first = check(repo)
    [entry] = entries()
    if isinstance(content, str):
        stored = json.loads(entry.read_text())
        content = json.dumps({**stored, "key": "0" * 64}).encode()  # another key
    entry.write_bytes(content)
    again = check(repo)
    assert again.full and again.answer == first.answer
    assert not check(repo).full


def test_an_entry_of_another_key_is_a_miss(repo: Path) -> None:
    first = check(repo)
    [entry] = entries()
    stored = json.loads(entry.read_text())
    entry.write_text(json.dumps({**stored, "key": "0" * 64, "writes": [["out", "forged\n"]]}))
    again = check(repo)
    assert again.full and again.answer == first.answer


def test_a_cache_that_cannot_be_written_still_checks(repo: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # $XDG_CACHE_HOME/tracker cannot be made under a file
    runs = [check(repo, XDG_CACHE_HOME=str(blocked)) for _ in range(2)]
    assert all(run.full and run.code == 0 and "Traceback" not in run.err for run in runs)
    assert runs[0].answer == runs[1].answer


def test_the_cache_is_never_written_inside_the_repository(repo: Path) -> None:
    runs = [check(repo, XDG_CACHE_HOME=str(repo / ".cache")) for _ in range(2)]
    assert all(run.full for run in runs)
    assert not (repo / ".cache").exists()
