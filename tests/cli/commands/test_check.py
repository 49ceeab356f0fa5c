"""``tracker check`` over real data: clean, and broken in each way at the right line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.checking.test_fmt import MESSY
from tests.conftest import REPO_ROOT
from tracker.checking.schema import render_schema
from tracker.cli.main import main

CLEAN = "0 warnings, 0 errors in 26 files\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real weeks and schema; the working directory is its root."""
    shutil.copytree(REPO_ROOT / "data" / "weeks", tmp_path / "data" / "weeks")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "tracker.schema.json").write_text(render_schema())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _edit(repo: Path, week: str, old: str, new: str, count: int = 1) -> None:
    path = repo / "data" / "weeks" / week / "tracker.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, count))


def test_real_data_passes_clean_with_a_summary(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == CLEAN


def test_committed_repository_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == CLEAN


def test_summary_counts_warnings_errors_and_files(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repo, "00-A", "agent: researcher", "agent: writer", count=2)
    _edit(repo, "01-B", "week_letter: B", "week_letter: C")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "2 warnings, 1 error in 26 files"
    assert main(["lint", "data/weeks/00-A/tracker.yaml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 warnings, 0 errors in 1 file"
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == CLEAN
    for fmt in ("json", "github"):
        main(["check", "--format", fmt])
        assert "errors in" not in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "lint", "validate"])
def test_github_actions_get_annotations_by_default(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    _edit(repo, "02-C", "status: pending", "status: started")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main([command]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=data/weeks/02-C/tracker.yaml,line=11,col=17,title=S002::")
    assert main([command, "--format", "text"]) == 1  # an explicit --format still wins
    assert capsys.readouterr().out.startswith("data/weeks/02-C/tracker.yaml:11:17: S002 error")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert main([command]) == 1
    assert capsys.readouterr().out.startswith("data/weeks/02-C/tracker.yaml:11:17: S002 error")


def test_every_problem_in_every_file_in_one_run(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(
        repo,
        "00-A",
        "      content:\n        status: pending",
        "      content:\n        status: completed",
    )
    _edit(repo, "01-B", "week_letter: B", "week_letter: C")
    _edit(repo, "02-C", "status: pending", "status: started")
    (repo / "schemas" / "tracker.schema.json").write_text("{}\n")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("schemas/tracker.schema.json:1:1: G001 error: stale")
    assert lines[1:] == [
        "data/weeks/00-A/tracker.yaml:14:17: D001 error: content of 'Aeraki Mesh' is completed "
        "but research of 'Aeraki Mesh' is pending",
        "data/weeks/00-A/tracker.yaml:14:17: O001 error: content of 'Aeraki Mesh' is completed "
        "without output_file",
        "data/weeks/00-A/tracker.yaml:14:17: T001 error: content of 'Aeraki Mesh' is completed "
        "without completed_at",
        "data/weeks/01-B/tracker.yaml:3:16: W002 error: week_letter 'C' does not match "
        "folder '01-B'",
        "data/weeks/02-C/tracker.yaml:11:17: S002 error: items.C++.tasks.research."
        "status: Input should be 'pending', 'in_progress', 'completed', 'failed' or 'skipped'",
        "0 warnings, 6 errors in 26 files",
    ]


@pytest.mark.parametrize(
    ("argv", "first"),
    [
        (
            ["--format", "github"],
            "::error file=data/weeks/01-B/tracker.yaml,line=3,col=16,title=W002::",
        ),
        (["--format", "json"], "["),
    ],
)
def test_formats(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], first: str
) -> None:
    _edit(repo, "01-B", "week_letter: B", "week_letter: C")
    assert main(["check", "--select", "W", *argv]) == 1
    out = capsys.readouterr().out
    assert out.startswith(first)
    if argv[1] == "json":
        assert json.loads(out)[0]["rule"] == "W002"


def test_pyproject_ignores_rules(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.tracker]\nignore = ["N001", "W002"]\n')
    _edit(repo, "01-B", "week_letter: B", "week_letter: C")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == CLEAN
    assert main(["check", "--select", "W002"]) == 0  # the file's ignore still applies


def test_unknown_rule_is_one_line_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "ZZ"]) == 1
    assert capsys.readouterr().err.startswith("tracker: error: unknown rule code 'ZZ'")


def test_usage_error_exits_2(repo: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2


def test_agent_settings_in_pyproject_do_not_break_check(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's ``lease = "45m"`` made check fail with 'unknown [tool.tracker] keys'."""
    (repo / "pyproject.toml").write_text(
        '[tool.tracker]\nlease = "45m"\non_change = "true"\nignore = ["N001"]\n'
    )
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""


def test_unknown_settings_key_is_a_warning_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text('[tool.tracker]\nignore = ["N001"]\nleese = "45m"\n')
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("tracker: warning: pyproject.toml: unknown [tool.tracker] key 'leese'")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["check"], ["lint"], ["validate"], ["fmt"], ["render"]])
@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_a_data_folder_without_weeks_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], folder: str
) -> None:
    """A wrong path must not pass CI."""
    data = tmp_path / "data" / "weeks"
    if folder == "empty":
        data.mkdir(parents=True)
    assert main(["--data-dir", str(data), *command]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(data) in err
    assert not (tmp_path / "site").exists()


def test_fmt_reports_a_missing_file_and_goes_on_leaving_no_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.yaml"
    good.write_text(MESSY)
    assert main(["fmt", "missing.yaml", "good.yaml"]) == 1
    out = capsys.readouterr().out
    assert "missing.yaml:1:1: Y001 error: cannot read file: No such file or directory" in out
    assert "reformatted good.yaml" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.yaml", "good.yaml.lock"]
