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

from tracker import TaskStatus, YAMLTrackerBackend
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


def _wait_for(condition, seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_agent_loses_its_task_to_a_live_one(data_dir: Path, tmp_path: Path):
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Only"])

    def research() -> TaskStatus:
        return backend.load_tracker("A").items["Only"]["research"].status

    slow = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--agent", "doomed", "--data-dir", str(data_dir),
         "--lease-minutes", "0.04", "--", "sleep", "60"],
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(lambda: research() is TaskStatus.IN_PROGRESS)
        time.sleep(3)  # longer than the 2.4 s lease: only renewals keep the claim
        assert reclaim_expired(backend) == []
    finally:
        os.killpg(slow.pid, signal.SIGKILL)  # the agent and its command die at once
        slow.wait()
    time.sleep(3.5)  # the lease was renewed at most 2.4 s before the kill
    (reclaimed,) = reclaim_expired(backend)
    assert reclaimed.reason is not None and "lease of 'doomed' expired" in reclaimed.reason

    live = _loop(data_dir, "survivor", "true", tmp_path / "work.log")
    _, stderr = live.communicate(timeout=60)
    assert live.returncode == 0, stderr
    week = backend.load_tracker("A")
    assert {r.agent for _, r in iter_tasks(week, removed=False)} == {"survivor"}
    assert {r.status for _, r in iter_tasks(week, removed=False)} == {TaskStatus.COMPLETED}
