"""Real git, real pre-commit: a commit with a dependency violation is refused.

The published hooks are installed as ``repo: local`` with ``language: system``
(this machine and CI reach PyPI, not GitHub), running this checkout's tracker.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker.fileformat import yamlio

PASSING = Path(__file__).parent / "hooks" / "tracker-check" / "pass"


def _local_config() -> str:
    hooks = yamlio.load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook in hooks:
        entry = hook["entry"].replace("tracker", f"{shlex.quote(sys.executable)} -m tracker", 1)
        lines += [
            f"      - id: {hook['id']}",
            f"        name: {hook['id']}",
            f"        entry: {entry}",
            "        language: system",
            f"        files: '{hook['files']}'",
            f"        pass_filenames: {str(hook.get('pass_filenames', True)).lower()}",
            f"        require_serial: {str(hook.get('require_serial', False)).lower()}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_commit_with_dependency_violation_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(PASSING, repo)
    (repo / "expected.txt").unlink()
    (repo / ".pre-commit-config.yaml").write_text(_local_config())
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PYTHONPATH": str(REPO_ROOT),
    }

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, check=False)

    assert run("git", "init", "-q", "-b", "main").returncode == 0
    installed = run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    run("git", "add", "-A")
    first = run("git", "commit", "-q", "-m", "valid week")
    assert first.returncode == 0, first.stdout + first.stderr

    week = repo / "data" / "weeks" / "00-A" / "tracker.yaml"
    text = week.read_text()
    # Start Artifact Hub's content while its research is still pending.
    broken = text.replace(
        "  Artifact Hub:\n    tasks:\n      research:\n        status: pending\n"
        "        agent: researcher\n      content:\n        status: pending",
        "  Artifact Hub:\n    tasks:\n      research:\n        status: pending\n"
        "        agent: researcher\n      content:\n        status: in_progress",
    )
    assert broken != text
    week.write_text(broken)
    run("git", "add", "-A")
    refused = run("git", "commit", "-q", "-m", "start content early")
    assert refused.returncode != 0
    assert (
        "data/weeks/00-A/tracker.yaml:26:17: D001 error: content of 'Artifact Hub' is "
        "in_progress but research of 'Artifact Hub' is pending"
    ) in refused.stdout + refused.stderr
    assert run("git", "rev-list", "--count", "HEAD").stdout.strip() == "1"
