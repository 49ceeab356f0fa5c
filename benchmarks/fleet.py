"""The fleet benchmark: agents on many clones running ``tracker work --push`` against one server.

A local bare repository stands in for GitHub; each clone (a machine) runs
several runners whose work command sleeps a random time, fails ~15% of
first attempts (the runners retry them) and writes its output. About 10% of
the runners are SIGKILLed mid-task with their command (a machine dying): their
lease runs out and another runner reclaims the task. Afterwards the server's
main is audited (:mod:`benchmarks.fleetcheck`), and the same agents run in a
single clone with file locks only, for comparison.
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchmarks.commands import REPO_ROOT
from benchmarks.fleetcheck import DATA, Audit, audit_branch, audit_files
from tracker.domain.timeutil import parse_time
from tracker.git.repo import Repo
from tracker.store.yamlstore import YAMLTrackerBackend

FAKE_WORK = """\
#!/bin/sh
# The fake work: $1-$2 seconds, a failure on a first attempt with probability $3.
read -r task  # the task as JSON (its fields are in TRACKER_* too)
random() { awk -v seed="$$$1" 'BEGIN { srand(seed); printf "%.3f", rand() }'; }
task="$TRACKER_WEEK|$TRACKER_ITEM|$TRACKER_TASK"
note() { echo "$(date +%s.%N) $1 $$ $TRACKER_AGENT $task" >> "$FLEET_LOG"; }
note start
sleep "$(awk -v r="$(random 1)" -v low="$1" -v high="$2" 'BEGIN { print low + (high-low) * r }')"
if [ "$TRACKER_RETRY_COUNT" = 0 ] && awk -v r="$(random 2)" -v p="$3" 'BEGIN { exit !(r<p) }'
then
    note fail
    echo "simulated failure (first attempt)" >&2
    exit 1
fi
echo "$task" > "$TRACKER_OUTPUT"
note end
"""


@dataclass(frozen=True)
class FleetOptions:
    """The fleet's shape and its agents' behaviour."""

    clones: int = 4
    runners: int = 4
    """Runners per clone."""
    items: int = 80
    """Items of the one week worked on (each has research and content; the week a blog post)."""
    work: tuple[float, float] = (2.0, 4.0)
    """Seconds of fake work per task, uniformly random."""
    failures: float = 0.15
    """Share of first attempts that fail."""
    kills: float = 0.10
    """Share of runners SIGKILLed mid-task."""
    lease: str = "8s"
    poll: float = 0.5


@dataclass
class FleetRun:
    """One run's figures and its audit."""

    label: str
    runners: int
    tasks: int = 0
    wall: float = 0.0
    attempts: list[int] = field(default_factory=list)
    reclaim_latency: list[float] = field(default_factory=list)
    killed: int = 0
    executions: int = 0
    runner_errors: list[str] = field(default_factory=list)
    audit: Audit = field(default_factory=Audit)

    @property
    def rate(self) -> float:
        return self.tasks / self.wall if self.wall else 0.0


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=folder, check=True,
                   capture_output=True)  # fmt: skip


def _seed(folder: Path, items: int) -> Path:
    """A repository whose main holds week A with ``items`` items."""
    folder.mkdir(parents=True)
    _git(folder, "init", "-q")
    (folder / ".gitignore").write_text((REPO_ROOT / ".gitignore").read_text())
    YAMLTrackerBackend(folder / DATA).sync_with_etl("A", [f"Project {n:02d}" for n in range(items)])
    for name in ("research", "content", "blog"):
        (folder / name).mkdir()
        (folder / name / ".keep").write_text("")
    _git(folder, "add", "--all")
    _git(folder, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "A")
    return folder


def _runner(
    clone: Path, agent: str, options: FleetOptions, script: Path, push: bool, logs: Path
) -> subprocess.Popen[bytes]:
    low, high = options.work
    command = f"sh {script} {low} {high} {options.failures}"
    argv = [
        sys.executable,
        "-m",
        "tracker",
        "work",
        "--agent",
        agent,
        "--exec",
        command,
        "--lease",
        options.lease,
        "--poll",
        str(options.poll),
        "--json",
        "--grace",
        "1",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "FLEET_LOG": str(logs / "work.log")}
    return subprocess.Popen(
        argv + (["--push"] if push else []), cwd=clone, env=env, start_new_session=True,
        stdout=(logs / f"{agent}.jsonl").open("wb"), stderr=(logs / f"{agent}.err").open("wb"),
    )  # fmt: skip


def run_agents(
    clones: list[Path], options: FleetOptions, push: bool, folder: Path, label: str,
    log: Callable[[str], None],
) -> FleetRun:  # fmt: skip
    """Start every runner at once, kill some mid-task, wait for the rest to finish."""
    logs = folder / "logs"
    logs.mkdir(parents=True)
    script = folder / "fakework.sh"
    script.write_text(FAKE_WORK)
    per_clone = options.runners * (options.clones if len(clones) == 1 else 1)
    agents = {
        f"c{c}-r{r}": clone for c, clone in enumerate(clones, 1) for r in range(1, per_clone + 1)
    }
    total = len(agents)
    victims = set(
        random.sample(
            sorted(agents), max(1, math.ceil(options.kills * total)) if options.kills else 0
        )
    )
    log(f"{label}: {total} runners, killing {len(victims)} mid-task")
    started = time.monotonic()
    runners = {
        name: _runner(where, name, options, script, push, logs) for name, where in agents.items()
    }
    killed = _kill_mid_task(runners, victims, logs / "work.log", options)
    for name, process in runners.items():
        if name not in killed and process.wait() != 0:
            err = (logs / f"{name}.err").read_text(errors="replace").strip().splitlines()
            log(f"{label}: {name} exited {process.returncode}: {err[-1:] or ''}")
    wall = time.monotonic() - started
    run = FleetRun(label, total, wall=wall, killed=len(killed))
    _read_logs(run, logs, runners, killed)
    return run


def _kill_mid_task(
    runners: dict[str, subprocess.Popen[bytes]], victims: set[str], work_log: Path,
    options: FleetOptions,
) -> dict[str, float]:  # fmt: skip
    """SIGKILL each victim (its runner and its command) a moment into a task; when."""
    killed: dict[str, float] = {}
    seen = 0
    while victims - set(killed):
        time.sleep(0.05)
        lines = work_log.read_text().splitlines() if work_log.exists() else []
        for line in lines[seen:]:
            _, what, pid, agent, _task = line.split(" ", 4)
            if what == "start" and agent in victims and agent not in killed:
                time.sleep(random.uniform(0, options.work[0] / 2))
                for group in (runners[agent].pid, int(pid)):
                    with suppress(ProcessLookupError):
                        os.killpg(group, signal.SIGKILL)
                runners[agent].wait()
                killed[agent] = time.time()
        seen = len(lines)
        if all(p.poll() is not None for n, p in runners.items() if n not in killed):
            break  # everyone finished before a victim got a task
    return killed


def _read_logs(run: FleetRun, logs: Path, runners: dict[str, subprocess.Popen[bytes]],
               killed: dict[str, float]) -> None:  # fmt: skip
    held: dict[str, str] = {}
    reclaimed: dict[str, float] = {}
    for name in runners:
        for line in (logs / f"{name}.jsonl").read_text(errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # the last line of a killed runner
            run.attempts += event.get("push_attempts", [])
            task = f"{event['week']}|{event['item'] or ''}|{event['task']}"
            if event["event"] == "claimed":
                held[name] = task
            elif event["event"] == "reclaimed":
                reclaimed.setdefault(task, parse_time(event["time"]).timestamp())
        if name not in killed and runners[name].returncode != 0:
            run.runner_errors.append(name)
    for name, when in killed.items():
        if name in held and held[name] in reclaimed:
            run.reclaim_latency.append(reclaimed[held[name]] - when)
    run.executions = sum(
        1 for line in (logs / "work.log").read_text().splitlines() if " start " in line
    )


def fleet(folder: Path, options: FleetOptions, log: Callable[[str], None]) -> FleetRun:
    """``options.clones`` clones of a bare server, each with ``options.runners`` runners."""
    seed = _seed(folder / "seed", options.items)
    server = folder / "server.git"
    _git(folder, "clone", "-q", "--bare", str(seed), str(server))
    clones = [folder / f"clone-{n}" for n in range(1, options.clones + 1)]
    for clone in clones:
        _git(folder, "clone", "-q", str(server), str(clone))
    label = f"{options.clones} clones x {options.runners} runners, --push"
    run = run_agents(clones, options, True, folder / "run", label, log)
    log(f"{label}: auditing the server's main")
    run.audit = audit_branch(Repo(server), "main", folder)
    run.tasks = run.audit.tasks
    return run


def single_clone(folder: Path, options: FleetOptions, log: Callable[[str], None]) -> FleetRun:
    """The same agents in one clone, file locks only (no push)."""
    seed = _seed(folder / "single", options.items)
    label = f"1 clone x {options.clones * options.runners} runners, file locks"
    run = run_agents([seed], options, False, folder / "single-run", label, log)
    run.audit = audit_files(seed / DATA)
    run.tasks = run.audit.tasks
    return run


def measure(
    folder: Path, options: FleetOptions, log: Callable[[str], None]
) -> tuple[FleetRun, FleetRun]:
    """The fleet, then the single clone with the same agents."""
    return fleet(folder / "fleet", options, log), single_clone(folder / "single", options, log)


def quick_options() -> FleetOptions:
    """A small fleet for CI (2 clones x 2 runners, a few short tasks)."""
    return replace(FleetOptions(), clones=2, runners=2, items=4, work=(0.1, 0.3), lease="3s",
                   poll=0.2)  # fmt: skip
