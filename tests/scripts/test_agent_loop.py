"""The README's agent loop, run for real: 8 processes share one tracker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tracker import TaskRecord, TaskStatus, YAMLTrackerBackend
from tracker.agents.claims import reclaim_expired
from tracker.domain.tasks import iter_tasks

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "agent_loop.py"
RECORD = 'echo "$TRACKER_WEEK|$TRACKER_ITEM|$TRACKER_TASK" >> "$WORK_LOG"'


def _loop(data_dir: Path, agent: str, command: str, work_log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), "--agent", agent, "--data-dir", str(data_dir),
         "--", "sh", "-c", command],
        env={**os.environ, "WORK_LOG": str(work_log)},
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_eight_agents_do_every_task_exactly_once(data_dir: Path, tmp_path: Path):
    backend = YAMLTrackerBackend(data_dir)
    for week in "AB":
        backend.sync_with_etl(week, [f"{week}-project-{n}" for n in range(5)])
    expected = {
        (w, k.item or "", k.task_type)
        for w in "AB"
        for k, _ in iter_tasks(backend.load_tracker(w), removed=False)
    }
    assert len(expected) == 22
    work_log = tmp_path / "work.log"
    agents = [_loop(data_dir, f"agent-{n}", RECORD, work_log) for n in range(8)]
    for agent in agents:
        _, stderr = agent.communicate(timeout=120)
        assert agent.returncode == 0, stderr

    worked = Counter(tuple(line.split("|")) for line in work_log.read_text().splitlines())
    assert set(worked) == expected
    assert max(worked.values()) == 1  # none twice
    for week in "AB":
        tracker = backend.load_tracker(week)
        assert {r.status for _, r in iter_tasks(tracker, removed=False)} == {TaskStatus.COMPLETED}
        starts = Counter(
            e.key for e in backend.read_history(week) if e.to_status is TaskStatus.IN_PROGRESS
        )
        assert set(starts.values()) == {1}


def test_failing_command_fails_the_task_with_its_message(data_dir: Path, tmp_path: Path):
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["good", "bad"])
    command = f'{RECORD}; [ "$TRACKER_ITEM" != bad ] || {{ echo "no sources found" >&2; exit 1; }}'
    agent = _loop(data_dir, "solo", command, tmp_path / "work.log")
    _, stderr = agent.communicate(timeout=60)
    assert agent.returncode == 0, stderr
    week = backend.load_tracker("A")
    assert week.items["good"]["content"].status is TaskStatus.COMPLETED
    assert week.items["good"]["content"].output_file == "content/good.md"
    failed = week.items["bad"]["research"]
    assert (failed.status, failed.error_message) == (TaskStatus.FAILED, "no sources found")
    assert week.week_tasks["blog_post"].status is TaskStatus.PENDING


def _wait_for(condition, agent: subprocess.Popen[bytes]) -> None:
    """Poll until ``condition()``; fail if the agent exits first. No deadline: a slow
    machine only makes this slower, never wrong."""
    while not condition():
        assert agent.poll() is None, f"the agent exited with {agent.returncode}"
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_agent_loses_its_task_to_a_live_one(data_dir: Path, tmp_path: Path):
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Only"])

    def research() -> TaskRecord:
        return backend.load_tracker("A").items["Only"]["research"]

    slow = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--agent", "doomed", "--data-dir", str(data_dir),
         "--lease-minutes", "0.04", "--", "sleep", "600"],
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(lambda: research().status is TaskStatus.IN_PROGRESS, slow)
        first_lease = research().lease_expires_at
        assert first_lease is not None
        # The 2.4 s lease is kept alive only by renewals: wait for two of them.
        _wait_for(lambda: research().lease_expires_at > first_lease, slow)
        renewed = research().lease_expires_at
        _wait_for(lambda: research().lease_expires_at > renewed, slow)
        assert research().agent == "doomed"
    finally:
        os.killpg(slow.pid, signal.SIGKILL)  # the agent and its command die at once
        slow.wait()
    last_lease = research().lease_expires_at
    assert last_lease is not None
    while backend.clock() <= last_lease:  # nobody renews it now
        time.sleep(0.1)
    (reclaimed,) = reclaim_expired(backend)
    assert reclaimed.reason is not None and "lease of 'doomed' expired" in reclaimed.reason

    live = _loop(data_dir, "survivor", "true", tmp_path / "work.log")
    _, stderr = live.communicate(timeout=60)
    assert live.returncode == 0, stderr
    week = backend.load_tracker("A")
    assert {r.agent for _, r in iter_tasks(week, removed=False)} == {"survivor"}
    assert {r.status for _, r in iter_tasks(week, removed=False)} == {TaskStatus.COMPLETED}
