"""Hostile tracker files: every command answers with located one-line errors, never a traceback,
and never changes a byte.

Each case is a committed ``tracker.yaml`` that once crashed a command or hid data. Every
command that reads it is run through the real ``tracker`` entry point.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO_ROOT
from tracker import YAMLTrackerBackend
from tracker.cli.main import main

TRACKER = "data/weeks/00-A/tracker.yaml"
HISTORY = "data/weeks/00-A/history/local.jsonl"  # not a real git folder: the local fragment
LOCATED = re.compile(r"data/weeks/00-A/tracker\.yaml:\d+:\d+: ")
DIAGNOSTIC = re.compile(LOCATED.pattern + r"[A-Z]\d{3} (error|warning): .+")
SUMMARY = re.compile(r"\d+ warnings?, \d+ errors? in \d+ files?")


class Run(NamedTuple):
    code: int
    out: list[str]
    err: list[str]


Cli = Callable[..., Run]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with week A (Argo researched, Backstage, Cilium); the working directory."""
    (tmp_path / ".git").mkdir()
    backend = YAMLTrackerBackend(tmp_path / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage", "Cilium"])
    backend.update_task("A", "Argo", "research", "in_progress")
    backend.update_task("A", "Argo", "research", "completed")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(repo: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str) -> Run:
        try:
            code = main(["--data-dir", "data/weeks", *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return Run(code, out.splitlines(), err.splitlines())

    return run


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _created(value: str) -> Callable[[str], str]:
    return lambda text: re.sub(r"created_at: '[^']*'", f"created_at: {value}", text, count=1)


def _item(entry: str) -> Callable[[str], str]:
    return _replace("items:\n", f"items:\n{entry}\n")


UNREADABLE: dict[str, Callable[[str], str]] = {
    "integer of 5000 digits": _replace("etl_item_count: 3", "etl_item_count: " + "9" * 5000),
    "unquoted impossible date": _created("2024-02-30T09:05:00Z"),
    "quoted impossible date": _created("'2024-02-30T09:05:00Z'"),
    "year 1 with an offset": _created("0001-01-01T00:00:00+05:00"),
    "year 9999 with an offset": _created("9999-12-31T23:59:59-05:00"),
    "quoted year 9999 with an offset": _created("'9999-12-31T23:59:59-05:00'"),
    "sequence as a key": _item("  [a, b]:\n    tasks: {}"),
    "mapping as a key": _item("  {a: 1}:\n    tasks: {}"),
    "merge key": _item("  <<: {Zot: {tasks: {}}}"),
    "nesting 500 deep": _item("  X: " + "[" * 500 + "]" * 500),
    "nesting past libyaml's limit": _item("  X: " + "[" * 5000 + "]" * 5000),
    "python tag": _replace(
        "etl_item_count: 3", "etl_item_count: !!python/object/apply:os.getpid []"
    ),
    "escape past U+10FFFF": _replace("  Argo:", '  "Argo\\UFFFFFFFF":'),
    "escaped surrogate": _replace("  Argo:", '  "Argo\\uD800":'),
    "NUL byte": _replace("Backstage", "Back\x00stage"),
    "tab indentation": _replace("  Cilium:", "\tCilium:"),
    "not UTF-8": lambda text: text.replace("Cilium", "Cili\udcffum"),
    "empty": lambda text: "",
    "a list": lambda text: "- Argo\n- Backstage\n",
    "infinite count": _replace("etl_item_count: 3", "etl_item_count: .inf"),
}
"""Files no command can read: every one of them must say where and why."""

COMMANDS = {
    "validate": (["validate"], "stdout"),
    "check": (["check"], "stdout"),
    "fmt": (["fmt"], "stdout"),
    "show": (["show", "A"], "stderr"),
    "start on another item": (["start", "A", "Cilium", "research"], "stderr"),
    "render": (["render", "--out", "site"], "stderr"),
}


def _write(repo: Path, edit: Callable[[str], str]) -> bytes:
    path = repo / TRACKER
    data = edit(path.read_text()).encode("utf-8", "surrogateescape")
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_files_give_located_one_line_errors_and_change_nothing(
    repo: Path, cli: Cli, case: str, command: str
) -> None:
    data = _write(repo, UNREADABLE[case])
    history = (repo / HISTORY).read_bytes()
    args, stream = COMMANDS[command]
    result = cli(*args)
    assert result.code == 1, result
    lines = result.out if stream == "stdout" else result.err
    if stream == "stdout" and lines and SUMMARY.fullmatch(lines[-1]):
        lines = lines[:-1]
    assert lines, result
    for line in lines:
        if stream == "stdout":
            assert DIAGNOSTIC.fullmatch(line), line
        else:
            assert line.startswith("tracker: error: ") and LOCATED.match(line[16:]), line
    if stream == "stdout":
        assert not [line for line in result.err if "warning" not in line], result.err
    assert (repo / TRACKER).read_bytes() == data
    assert (repo / HISTORY).read_bytes() == history
    assert not (repo / "site").exists()


REAL_PROCESS_CASES = ["integer of 5000 digits", "year 9999 with an offset", "mapping as a key"]


@pytest.mark.parametrize("case", REAL_PROCESS_CASES)
def test_a_real_process_prints_no_traceback(repo: Path, case: str) -> None:
    data = _write(repo, UNREADABLE[case])
    for args in (["validate"], ["show", "A"], ["start", "A", "Cilium", "research"]):
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "--data-dir", "data/weeks", *args],
            capture_output=True, text=True, cwd=repo,
            env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert done.returncode == 1, done
        assert "Traceback" not in done.stderr
        lines = [line for line in (done.stdout + done.stderr).splitlines()
                 if not SUMMARY.fullmatch(line)]  # fmt: skip
        assert lines and all(LOCATED.search(line) for line in lines), done
    assert (repo / TRACKER).read_bytes() == data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claim", "--agent", "bot", "--lease", "99999999999h"], "is too long"),
        (["renew", "A", "Argo", "research", "--agent", "bot", "--lease", "9" * 5000 + "h"], ""),
        (["render", "--out", "site", "--now", "9999-12-31T23:59:59-05:00"], "years 1-9999"),
        (["log", "--since", "0001-01-01T00:00:00+05:00"], "not a time"),
    ],
)
def test_durations_and_times_that_overflow_are_usage_errors(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err[-1]


def test_rollback_to_a_time_past_the_calendar_is_one_error(cli: Cli) -> None:
    result = cli("rollback", "A", "--to", "9999-12-31T23:59:59-05:00")
    assert result.code == 1 and len(result.err) == 1
    assert "years 1-9999" in result.err[0]
