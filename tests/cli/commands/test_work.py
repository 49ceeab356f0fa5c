"""``tracker work``: the agent runner, as real processes running real commands."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.agents.claims import claim_next
from tracker.cli.main import main
from tracker.domain.tasks import iter_tasks

WRITE = 'echo "$TRACKER_ITEM" > "$TRACKER_OUTPUT"'
"""A command that does its task: writes the output file."""
WAIT_FOR_FLAG = f'while [ ! -e "$FLAG" ]; do sleep 0.05; done; {WRITE}'
"""A command that works until the test says it is done (creates $FLAG)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "weeks").mkdir(parents=True)
    return tmp_path


def tracker_in(project: Path) -> YAMLTrackerBackend:
    return YAMLTrackerBackend(project / "data" / "weeks")


def work(project: Path, *args: str, command: str = WRITE, **env: str) -> subprocess.Popen[str]:
    """``tracker work`` in ``project`` (with ``--json``: one object per event line)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "work", "--exec", command, "--poll", "0.2", "--json",
         *args],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env},
    )  # fmt: skip


def finished(runner: subprocess.Popen[str]) -> list[dict[str, object]]:
    """The runner's events, once it exited 0 without a traceback."""
    out, err = runner.communicate(timeout=120)
    assert runner.returncode == 0, err
    assert "Traceback" not in err
    return [json.loads(line) for line in out.splitlines()]


def read_until(runner: subprocess.Popen[str], kind: str) -> list[dict[str, object]]:
    """The runner's events up to the first of ``kind`` (read as the runner writes them)."""
    assert runner.stdout is not None
    events: list[dict[str, object]] = []
    while not events or events[-1]["event"] != kind:
        line = runner.stdout.readline()
        assert line, f"the runner ended before a {kind!r} event: {runner.communicate()}"
        events.append(json.loads(line))
    return events


def wait_for(condition: Callable[[], bool], runner: subprocess.Popen[str]) -> None:
    """Poll until ``condition()``; fail if the runner exits first (no deadline: a slow
    machine only makes this slower)."""
    while not condition():
        assert runner.poll() is None, runner.communicate()
        time.sleep(0.05)


def status(project: Path, item: str | None, task: str, week: str = "A"):
    return tracker_in(project).load_tracker(week).tasks_of(item)[task]


def kinds(events: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(e["event"], e["item"], e["task"]) for e in events]


def test_does_every_task_in_dependency_order_and_exits(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo", "Backstage"])
    events = finished(work(project, "--agent", "bot"))
    done = [(e["item"], e["task"]) for e in events if e["event"] == "completed"]
    assert done == [("Argo", "research"), ("Argo", "content"), ("Backstage", "research"),
                    ("Backstage", "content"), (None, "blog_post")]  # fmt: skip
    assert events[-1]["event"] == "done" and events[-1]["remaining"] == 0
    assert (project / "content" / "argo.md").read_text() == "Argo\n"
    week = tracker_in(project).load_tracker("A")
    assert {r.agent for _, r in iter_tasks(week, removed=False)} == {"bot"}


def test_the_command_gets_its_task_on_stdin_and_in_its_environment(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo"])
    command = 'cat > "$TRACKER_OUTPUT.json"; env | grep ^TRACKER_ | sort > "$TRACKER_OUTPUT"'
    finished(work(project, "A", "--agent", "bot", "--type", "research", command=command))
    task = json.loads((project / "research" / "argo.yaml.json").read_text())
    assert {k: task[k] for k in ("week", "item", "task", "agent", "output", "retry_count")} == {
        "week": "A", "item": "Argo", "task": "research", "agent": "bot",
        "output": "research/argo.yaml", "retry_count": 0,
    }  # fmt: skip
    assert task["record"]["status"] == "in_progress"
    env = dict(
        line.split("=", 1)
        for line in (project / "research/argo.yaml").read_text().split("\n")
        if line
    )
    assert env["TRACKER_OUTPUT"] == "research/argo.yaml"
    assert (env["TRACKER_WEEK"], env["TRACKER_ITEM"], env["TRACKER_TASK"]) == (
        "A",
        "Argo",
        "research",
    )
    assert Path(env["TRACKER_DATA_DIR"]) == (project / "data" / "weeks").resolve()


FLAKY = (
    'if [ "$TRACKER_RETRY_COUNT" = 0 ]; then echo working >&2; echo "HTTP 503" >&2; exit 1; fi\n'
)
FLAKY += WRITE


def test_a_failure_is_recorded_with_its_stderr_and_retried(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo"])
    events = finished(work(project, "--agent", "bot", "--type", "research", command=FLAKY))
    assert kinds(events)[:4] == [
        ("claimed", "Argo", "research"), ("failed", "Argo", "research"),
        ("retried", "Argo", "research"), ("claimed", "Argo", "research"),
    ]  # fmt: skip
    assert events[1]["error"] == "working\nHTTP 503"
    record = status(project, "Argo", "research")
    assert (record.status, record.retry_count) == (TaskStatus.COMPLETED, 1)
    failed = [e for e in tracker_in(project).read_history("A") if e.to_status is TaskStatus.FAILED]
    assert [e.error for e in failed] == ["working\nHTTP 503"]


def test_retries_stop_at_the_limit_and_the_runner_exits(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo", "Backstage"])
    command = f'[ "$TRACKER_ITEM" != Argo ] || {{ echo "no sources" >&2; exit 3; }}; {WRITE}'
    events = finished(work(project, "--agent", "bot", command=command))
    assert [e["item"] for e in events if e["event"] == "failed"] == ["Argo"] * 4  # 1 + 3 retries
    (exhausted,) = [e for e in events if e["event"] == "exhausted"]
    assert "no retries left: no sources" in str(exhausted["message"])
    week = tracker_in(project).load_tracker("A")
    assert week.items["Argo"]["research"].status is TaskStatus.FAILED
    assert week.items["Backstage"]["content"].status is TaskStatus.COMPLETED
    assert week.week_tasks["blog_post"].status is TaskStatus.PENDING  # blocked: needs a person
    assert events[-1]["event"] == "done"


def test_exit_0_without_the_output_file_fails_the_task(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo"])
    events = finished(work(project, "--agent", "bot", "--type", "research", command="true"))
    assert "exited 0 but wrote no research/argo.yaml" in str(events[1]["error"])


def test_expired_leases_are_reclaimed_and_done(project: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    claim_next(tracker, "A", "research", agent="dead", lease=timedelta(0))
    events = finished(work(project, "--agent", "bot", "--type", "research"))
    assert kinds(events)[:2] == [("reclaimed", "Argo", "research"), ("claimed", "Argo", "research")]
    assert "lease of 'dead' expired" in str(events[0]["message"])
    assert status(project, "Argo", "research").agent == "bot"


@pytest.mark.slow
def test_a_content_agent_waits_for_research_instead_of_quitting(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo", "Backstage"])
    writer = work(project, "--agent", "writer-1", "--type", "content")
    (waiting,) = read_until(writer, "waiting")  # nothing ready, but research will come
    assert "2 task(s) left" in str(waiting["message"])
    researcher = work(project, "--agent", "researcher-1", "--type", "research")
    finished(researcher)
    events = finished(writer)
    assert [e["item"] for e in events if e["event"] == "completed"] == ["Argo", "Backstage"]


def test_a_removed_item_is_skipped_with_one_line(project: Path, tmp_path: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo", "Backstage", "Cilium"])
    flag = tmp_path / "flag"
    runner = work(project, "--agent", "bot", "--type", "research", command=WAIT_FOR_FLAG,
                  FLAG=str(flag))  # fmt: skip
    wait_for(lambda: status(project, "Argo", "research").status is TaskStatus.IN_PROGRESS, runner)
    tracker.sync_with_etl("A", ["Backstage", "Cilium"])  # Argo leaves mid-task
    flag.touch()
    events = finished(runner)
    (skipped,) = [e for e in events if e["event"] == "skipped"]
    assert skipped["item"] == "Argo" and "is removed" in str(skipped["error"])
    assert status(project, "Argo", "research").status is TaskStatus.PENDING  # claim released
    assert status(project, "Cilium", "research").status is TaskStatus.COMPLETED


def test_a_claim_lost_meanwhile_is_skipped_and_never_finished(project: Path, tmp_path: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    flag = tmp_path / "flag"
    runner = work(project, "--agent", "bot", "--type", "research", command=WAIT_FOR_FLAG,
                  FLAG=str(flag))  # fmt: skip
    wait_for(lambda: status(project, "Argo", "research").status is TaskStatus.IN_PROGRESS, runner)
    # A person takes it back and another agent claims it (and finishes it) meanwhile.
    tracker.update_task("A", "Argo", "research", "pending", force=True, reason="reassigned")
    claim_next(tracker, "A", "research", agent="other")
    tracker.update_task("A", "Argo", "research", "completed", agent="other")
    flag.touch()
    events = finished(runner)
    (skipped,) = [e for e in events if e["event"] == "skipped"]
    assert "'bot' no longer holds its claim (it is completed by 'other')" in str(skipped["error"])
    completions = [e for e in tracker.read_history("A") if e.to_status is TaskStatus.COMPLETED]
    assert [e.agent for e in completions] == ["other"]


def test_a_lost_lease_stops_the_command_at_the_next_renewal(project: Path, tmp_path: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    runner = work(project, "--agent", "bot", "--type", "research", "--lease", "3s",
                  command=WAIT_FOR_FLAG, FLAG=str(tmp_path / "never"))  # fmt: skip
    wait_for(lambda: status(project, "Argo", "research").agent == "bot", runner)
    tracker.update_task("A", "Argo", "research", "in_progress", agent="thief", force=True)
    # The runner notices at its next renewal, stops the command, and waits for the thief.
    lost = read_until(runner, "skipped")[-1]
    assert "lost the claim" in str(lost["message"]) and "claimed by 'thief'" in str(lost["error"])
    tracker.update_task("A", "Argo", "research", "completed", agent="thief", output_file="x")
    finished(runner)
    record = status(project, "Argo", "research")
    assert (record.status, record.agent) == (TaskStatus.COMPLETED, "thief")


def test_sigterm_stops_the_command_and_puts_the_task_back(project: Path, tmp_path: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    pid_file = tmp_path / "pid"
    command = f"echo $$ > {pid_file}; exec sleep 600"
    runner = work(project, "--agent", "bot", "--type", "research", "--grace", "2",
                  command=command)  # fmt: skip
    wait_for(pid_file.exists, runner)
    wait_for(lambda: pid_file.read_text().strip() != "", runner)
    command_pid = int(pid_file.read_text())
    runner.send_signal(signal.SIGTERM)
    events = finished(runner)
    assert [e["event"] for e in events][-2:] == ["stopped", "stopped"]
    assert events[-1]["message"] == "stopped (SIGTERM)"
    record = status(project, "Argo", "research")
    assert record.status is TaskStatus.PENDING
    (released,) = [e for e in tracker.read_history("A") if e.to_status is TaskStatus.PENDING
                   and e.from_status is TaskStatus.IN_PROGRESS]  # fmt: skip
    assert released.reason == "released: tracker work stopped (SIGTERM)"
    with pytest.raises(ProcessLookupError):
        os.kill(command_pid, 0)  # the command is gone too


def test_follow_keeps_waiting_for_new_work(project: Path):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    runner = work(project, "A", "--agent", "bot", "--type", "research", "--follow")
    wait_for(lambda: status(project, "Argo", "research").status is TaskStatus.COMPLETED, runner)
    time.sleep(0.5)
    assert runner.poll() is None  # done, but following
    tracker.sync_with_etl("A", ["Argo", "Backstage"])
    wait_for(
        lambda: status(project, "Backstage", "research").status is TaskStatus.COMPLETED, runner
    )
    runner.send_signal(signal.SIGINT)
    events = finished(runner)
    assert [e["item"] for e in events if e["event"] == "completed"] == ["Argo", "Backstage"]
    assert any(
        e["event"] == "waiting" and "waiting for new work" in str(e["message"]) for e in events
    )
    assert events[-1]["message"] == "stopped (SIGINT)"


@pytest.mark.slow
def test_eight_runners_do_every_task_exactly_once(project: Path, tmp_path: Path):
    tracker = tracker_in(project)
    for week in "AB":
        tracker.sync_with_etl(week, [f"{week}-project-{n}" for n in range(5)])
    log = tmp_path / "work.log"
    record = f'echo "$TRACKER_WEEK|$TRACKER_ITEM|$TRACKER_TASK" >> {log}; {WRITE}'
    runners = [work(project, "--agent", f"agent-{n}", command=record) for n in range(8)]
    for runner in runners:
        finished(runner)
    worked = Counter(tuple(line.split("|")) for line in log.read_text().splitlines())
    assert len(worked) == 22 and set(worked.values()) == {1}
    for week in "AB":
        starts = Counter(
            e.key for e in tracker.read_history(week) if e.to_status is TaskStatus.IN_PROGRESS
        )
        assert set(starts.values()) == {1}
        assert {r.status for _, r in iter_tasks(tracker.load_tracker(week), removed=False)} == {
            TaskStatus.COMPLETED
        }


def test_one_line_per_event_when_not_on_a_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    tracker_in(project).sync_with_etl("A", ["Argo"])
    monkeypatch.chdir(project)
    assert main(["work", "A", "--agent", "bot", "--type", "research", "--exec", WRITE]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "bot: claimed week A: research of 'Argo'",
        RegexMatch(r"bot: completed week A: research of 'Argo' in \d+\.\ds -> research/argo.yaml"),
        "bot: nothing left to do in week A, research tasks",
    ]


def test_progress_is_redrawn_on_a_terminal(project: Path):
    tracker_in(project).sync_with_etl("A", ["Argo", "Backstage"])
    reader, terminal = pty.openpty()
    runner = subprocess.Popen(
        [sys.executable, "-m", "tracker", "work", "A", "--agent", "bot", "--type", "research",
         "--exec", WRITE],
        cwd=project, stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(reader, 4096)
        except OSError:  # the terminal closed: the runner is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(reader)
    assert runner.wait() == 0
    text = shown.decode()
    assert "\r\x1b[Kbot: 0 done, 0 failed, 2 left | now week A: research of 'Argo' (0s)" in text
    assert "\r\x1b[Kbot: 1 done, 0 failed, 1 left" in text
    assert "bot: completed week A: research of 'Backstage'" in text
    assert text.endswith("\r\x1b[K")  # the progress line is cleared at the end


class RegexMatch(str):
    """Equal to any string the pattern matches in full (for lines with a duration)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(str(self), other) is not None

    __hash__ = str.__hash__


def test_a_dependency_that_changed_mid_task_is_skipped_and_the_work_done_again(
    project: Path, tmp_path: Path
):
    tracker = tracker_in(project)
    tracker.sync_with_etl("A", ["Argo"])
    flag = tmp_path / "flag"
    blog_waits = f'[ "$TRACKER_TASK" != blog_post ] || [ -e "$FLAG" ] || {WAIT_FOR_FLAG}\n{WRITE}'
    runner = work(project, "--agent", "bot", command=blog_waits, FLAG=str(flag))
    wait_for(lambda: status(project, None, "blog_post").status is TaskStatus.IN_PROGRESS, runner)
    tracker.sync_with_etl("A", ["Argo", "Backstage"])  # a new item: the post must wait for it
    flag.touch()
    events = finished(runner)
    (skipped,) = [e for e in events if e["event"] == "skipped"]
    assert skipped["task"] == "blog_post" and "no longer holds its claim" in str(skipped["error"])
    done = [(e["item"], e["task"]) for e in events if e["event"] == "completed"]
    assert done[-3:] == [("Backstage", "research"), ("Backstage", "content"), (None, "blog_post")]
    completions = [e for e in tracker.read_history("A") if e.to_status is TaskStatus.COMPLETED]
    assert sum(e.task == "blog_post" for e in completions) == 1
