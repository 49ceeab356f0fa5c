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

REAL_WARNINGS = (
    "14-O/tracker.yaml:224:3: N001 warning: item 'openGauss' and item 'OpenGauss' both write "
    "outputs as 'opengauss'\n"
    "19-T/tracker.yaml:352:3: N001 warning: item 'Trulens' and item 'TruLens' both write "
    "outputs as 'trulens'\n"
)


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


def test_real_data_passes_with_collision_warnings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == REAL_WARNINGS.replace("14-O", "data/weeks/14-O").replace(
        "19-T", "data/weeks/19-T"
    )


def test_committed_repository_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    assert main(["check", "--ignore", "N001"]) == 0
    assert capsys.readouterr().out == ""


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
    assert main(["check", "--ignore", "N001"]) == 1
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
    assert capsys.readouterr().out == ""
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
