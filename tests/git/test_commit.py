"""``tracker commit`` while agents run, with the project's pre-commit hooks installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.git.conftest import backend_in, consumer_config, git
from tracker.cli.main import main

AGENT = textwrap.dedent(
    """
    import json, sys, time, random
    from pathlib import Path
    from tracker import TaskStatus, claim_next, get_tracker

    data_dir, name = sys.argv[1], sys.argv[2]
    tracker = get_tracker(data_dir)
    root = Path(data_dir).parent.parent
    done = []
    idle = 0
    while idle < 40:
        task = claim_next(tracker, agent=name)
        if task is None:
            idle += 1
            time.sleep(0.05)
            continue
        idle = 0
        time.sleep(random.uniform(0.1, 0.3))  # the work
        output = root / "out" / f"{task.week_letter}-{task.item_name}-{task.task_type}.md"
        output.parent.mkdir(exist_ok=True)
        output.write_text(f"{task.task_type} of {task.item_name}\\n")
        tracker.update_task(
            task.week_letter, task.item_name, task.task_type, TaskStatus.COMPLETED,
            agent=name, output_file=str(output.relative_to(root)),
        )
        done.append([task.item_name, task.task_type])
    print(json.dumps(done))
    """
)


@pytest.mark.slow
def test_commits_while_four_agents_work_lose_nothing(repo: Path, tmp_path: Path):
    names = [f"Project {i:02d}" for i in range(20)]
    backend_in(repo).sync_with_etl("A", names, allow_mass_removal=True)
    (repo / ".pre-commit-config.yaml").write_text(consumer_config())
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(REPO_ROOT)}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e.org"}
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True
    )
    assert installed.returncode == 0, installed.stderr
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "twenty projects")
    data = repo / "data" / "weeks"
    agents = [
        subprocess.Popen(
            [sys.executable, "-c", AGENT, str(data), f"agent-{n}"],
            cwd=repo,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    commits = 0
    while any(agent.poll() is None for agent in agents):
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "commit"], cwd=repo, env=env,
            capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        commits += done.stdout.startswith("[")
        time.sleep(0.3)
    results = [agent.communicate() for agent in agents]
    assert all(agent.returncode == 0 for agent in agents), [err for _, err in results]
    assert all(err == "" for _, err in results), [err for _, err in results]
    os.chdir(repo)
    try:
        assert main(["commit"]) == 0
    finally:
        os.chdir(REPO_ROOT)
    assert commits >= 2  # commits happened while the agents ran

    did = Counter(tuple(task) for out, _ in results for task in json.loads(out))
    expected = {(n, t) for n in names for t in ("research", "content")} | {(None, "blog_post")}
    assert set(did) == expected and set(did.values()) == {1}  # every task done exactly once
    events = backend_in(repo).read_history("A")
    completed = Counter(e.key for e in events if e.to_status.value == "completed")
    claimed = Counter(e.key for e in events if e.to_status.value == "in_progress")
    assert set(completed.values()) == {1} == set(claimed.values()) and len(completed) == 41
    week = backend_in(repo).load_tracker("A")
    statuses = {r.status.value for _, item in week.active_items() for r in item.tasks.values()}
    assert statuses == {"completed"}
    assert git(repo, "status", "--porcelain", "--", "data").strip() == ""  # all committed
    fragments = git(repo, "ls-files", "data/weeks/00-A/history").split()
    committed = [git(repo, "show", f"HEAD:{name}") for name in fragments]
    assert sum(len(text.splitlines()) for text in committed) == len(events)
    assert git(repo, "ls-files", "out").count("\n") == 41  # outputs committed with their tasks


def test_locks_journals_and_temporaries_are_never_committed(repo: Path, monkeypatch):
    (repo / ".gitignore").unlink()
    git(repo, "rm", "-q", "--cached", ".gitignore")
    backend_in(repo).update_task("A", "Argo", "research", "in_progress")
    folder = repo / "data" / "weeks" / "00-A"
    (folder / ".tracker.yaml.x1.tmp").write_text("left by a kill")
    monkeypatch.chdir(repo)
    assert main(["commit"]) == 0
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert committed and not [n for n in committed if n.endswith((".lock", ".journal", ".tmp"))]
