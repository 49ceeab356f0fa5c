"""The GitHub Actions workflows cannot run here, so actionlint checks them."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT

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
