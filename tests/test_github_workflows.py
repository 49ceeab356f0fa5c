"""The GitHub Actions workflows cannot run here, so actionlint checks them."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT
from tracker.fileformat import yamlio

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        reason = "actionlint is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files
    result = subprocess.run(
        [actionlint, "-no-color", *map(str, files)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_checks_pull_requests_and_publishes_main():
    text = (WORKFLOWS / "tracker.yml").read_text()
    for needle in (
        "pull_request:", "run: tracker check", "run: tracker render --out site",
        "actions/upload-pages-artifact@", "actions/deploy-pages@", "pages: write",
    ):  # fmt: skip
        assert needle in text, needle


def _workflow() -> dict:
    return yamlio.load((WORKFLOWS / "tracker.yml").read_text())


def test_only_pull_request_runs_are_cancelled_by_newer_ones():
    concurrency = _workflow()["concurrency"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_the_tests_and_every_hook_run_before_publishing():
    jobs = _workflow()["jobs"]
    runs = {
        name: [step.get("run", "") for step in job.get("steps", [])] for name, job in jobs.items()
    }
    (tester,) = [name for name, steps in runs.items() if "bash .ci/run" in steps]
    assert {"check", tester} <= set(jobs["publish"]["needs"])
    # The check job lets tracker pick annotations itself (GITHUB_ACTIONS=true).
    assert "tracker check" in runs["check"]


def test_pull_requests_are_reviewed_against_their_base():
    review = _workflow()["jobs"]["review"]
    assert review["if"] == "github.event_name == 'pull_request'"
    steps = review["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in steps]
    assert 'tracker diff "$BASE" HEAD --format github' in runs
    assert any("--format markdown" in run and "GITHUB_STEP_SUMMARY" in run for run in runs)
