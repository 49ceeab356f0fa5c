"""``tracker render`` end to end, as a user runs it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def _render(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "render", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout-like folder: the committed weeks under data/weeks."""
    shutil.copytree(REPO_ROOT / "data" / "weeks", tmp_path / "data" / "weeks")
    return tmp_path


@pytest.mark.slow
def test_renders_the_committed_data(repo):
    result = _render(repo, "--out", "site", "--now", "2026-12-01T09:00:00Z")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote 31 files to site/ (open site/index.html)\n"
    site = repo / "site"
    index = (site / "index.html").read_text()
    assert "2026-12-01 09:00 UTC" in index
    assert (site / "weeks" / "25-Z.html").is_file()
    assert (site / "progress.md").read_text().startswith("# CNCF A-to-Z progress")
    first = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert _render(repo, "--out", "site", "--now", "2026-12-01T09:00:00Z").returncode == 0
    assert first == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--now", "yesterday"], 2, "not an ISO 8601 time: 'yesterday'"),
        (["--templates", "nope"], 1, "tracker: error: nope: templates folder does not exist"),
        (
            ["--series-start", "2026-11-31"],
            2,
            "invalid date '2026-11-31': expected e.g. 2026-11-02",
        ),
    ],
)
def test_bad_arguments_fail_with_one_line(repo, args, code, message):
    result = _render(repo, "--out", "site", *args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "site").exists()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["option", "pyproject"])
def test_series_start_dates_the_weeks(repo, where):
    """From ``--series-start`` or ``[tool.tracker] series_start``; the option wins."""
    args = ["--now", "2026-12-01T09:00:00Z"]
    if where == "option":
        (repo / "pyproject.toml").write_text('[tool.tracker]\nseries_start = "2020-01-06"\n')
        args += ["--series-start", "2026-11-16"]
    else:
        (repo / "pyproject.toml").write_text("[tool.tracker]\nseries_start = 2026-11-16\n")
    result = _render(repo, "--out", "site", *args)
    assert result.returncode == 0, result.stderr
    index = (repo / "site" / "index.html").read_text()
    assert "Week C is this week: 2026-11-30 to 2026-12-06." in index
    assert '<tr id="week-C" data-week="C" class="current" aria-current="date">' in index
    week_c = (repo / "site" / "weeks" / "02-C.html").read_text()
    assert "2026-11-30 to 2026-12-06" in week_c and "this week" in week_c


@pytest.mark.slow
def test_a_broken_template_writes_nothing(repo):
    templates = repo / "mine"
    templates.mkdir()
    broken = "{% extends 'base.html' %}{% block content %}{{ page.nope }}{% endblock %}"
    (templates / "week.html").write_text(broken)
    result = _render(repo, "--out", "site", "--templates", "mine")
    assert result.returncode == 1
    assert result.stderr.startswith("tracker: error: week.html: ")
    assert "nope" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (repo / "site").exists()


@pytest.mark.slow
def test_an_override_changes_only_its_file(repo):
    templates = repo / "mine"
    templates.mkdir()
    (templates / "style.css").write_text("body { font-family: serif; }\n")
    assert _render(repo, "--out", "site", "--templates", "mine").returncode == 0
    assert (repo / "site" / "style.css").read_text() == "body { font-family: serif; }\n"
    assert "<h1>Where the A" in (repo / "site" / "index.html").read_text()


def test_readme_python_example_runs(repo, monkeypatch):
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("## Progress report: tracker render", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    monkeypatch.chdir(repo)
    exec(example, {})
    assert (repo / "site" / "weeks" / "00-A.html").is_file()
