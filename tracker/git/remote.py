"""The remote branch that decides: which one, fetching its tip, pushing a commit onto it.

A push that is not a fast-forward is refused by every git server, so pushing
a commit built on the tip just fetched succeeds only if nobody else pushed
meanwhile: a compare-and-swap on the branch. :func:`push` tells that refusal
(the branch moved on: fetch and try again) from real failures (no network, no
access, a hook or a protected branch refusing), which are errors naming the
remote. Git is never left waiting for a password on a terminal.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from tracker.exceptions import PushError
from tracker.git.repo import GitError, Repo, git_message
from tracker.settings import Settings

NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0"}
"""Agents have no terminal: a missing credential is an error, not a prompt that never ends."""

MOVED_ON = ("fetch first", "non-fast-forward", "stale info", "cannot lock ref", "failed to lock",
            "failed to update ref", "incorrect old value")  # fmt: skip
"""git's reasons for refusing a push because the branch moved (or is moving) meanwhile."""

_BUSY_REF = ("cannot lock ref", ".lock': File exists", "unable to update local ref")
"""A fetch that lost the race for the remote-tracking ref to another process of this clone."""
_FETCH_TRIES = 8


@dataclass(frozen=True)
class Remote:
    """A branch of a remote as this clone names it: ``origin`` and ``main``."""

    repo: Repo
    name: str
    branch: str

    @property
    def tracking_ref(self) -> str:
        """Where fetches of the branch land: ``refs/remotes/origin/main``."""
        return f"refs/remotes/{self.name}/{self.branch}"

    def __str__(self) -> str:
        return f"{self.name}/{self.branch}"

    def describe(self) -> str:
        """``origin (git@github.com:org/repo.git)``, for messages."""
        url = self.repo.attempt("remote", "get-url", self.name)
        shown = url.stdout.decode("utf-8", "replace").strip() if url.returncode == 0 else ""
        return f"{self.name} ({shown})" if shown else self.name


def upstream(repo: Repo) -> tuple[str, str] | None:
    """The current branch's upstream as (remote, branch), or None when it has none."""
    head = repo.attempt("symbolic-ref", "--quiet", "--short", "HEAD")
    if head.returncode != 0:
        return None
    branch = head.stdout.decode().strip()
    config = repo.attempt("config", "--get-regexp", rf"^branch\.{_regex(branch)}\.(remote|merge)$")
    found = dict(
        line.split(" ", 1)
        for line in config.stdout.decode("utf-8", "replace").splitlines()
        if " " in line
    )
    remote, merge = found.get(f"branch.{branch}.remote"), found.get(f"branch.{branch}.merge")
    if not remote or not merge or remote == ".":
        return None
    return remote, merge.removeprefix("refs/heads/")


def _regex(text: str) -> str:
    return "".join(f"\\{c}" if c in r".^$*+?()[]{}|\\" else c for c in text)


def find_remote(
    repo: Repo, settings: Settings, name: str | None = None, branch: str | None = None
) -> Remote:
    """The remote branch to push to: ``name`` and ``branch`` when given, else the
    ``push_remote`` / ``push_branch`` settings, else the current branch's upstream."""
    name = name or settings.push_remote
    branch = branch or settings.push_branch
    if name is None or branch is None:
        tracked = upstream(repo)
        if tracked is None:
            raise PushError(
                "--push: the current branch has no upstream to push to; name one with "
                "--remote and --branch (or push_remote and push_branch under [tool.tracker])"
            )
        name, branch = name or tracked[0], branch or tracked[1]
    if repo.attempt("config", "--get", f"remote.{name}.url").returncode != 0:
        raise PushError(f"--push: this clone has no remote named {name!r} (see git remote -v)")
    return Remote(repo, name, branch)


def backoff(attempt: int, base: float = 0.1, cap: float = 2.0) -> float:
    """Seconds to wait before attempt ``attempt + 1``: random up to an exponential bound
    ("full jitter"), so agents that collided once do not collide again in step."""
    return random.uniform(0, min(cap, base * 2**attempt))


def fetch(remote: Remote) -> str:
    """Fetch the branch into its remote-tracking ref; the tip fetched.

    Processes of one clone fetching at once contend for that ref: the loser
    waits a moment and fetches again.
    """
    refspec = f"+refs/heads/{remote.branch}:{remote.tracking_ref}"
    for attempt in range(_FETCH_TRIES):
        done = remote.repo.attempt(
            "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote.name, refspec,
            env=NO_PROMPT,
        )  # fmt: skip
        if done.returncode == 0:
            return remote.repo.resolve(remote.tracking_ref)
        said = done.stderr.decode("utf-8", "replace")
        if not any(busy in said for busy in _BUSY_REF) or attempt == _FETCH_TRIES - 1:
            if "couldn't find remote ref" in said:
                raise PushError(
                    f"cannot fetch: {remote.describe()} has no branch {remote.branch!r}"
                )
            raise PushError(
                f"cannot fetch {remote.branch} from {remote.describe()}: {git_message(done.stderr)}"
            )
        time.sleep(backoff(attempt))
    raise AssertionError("unreachable")


def push(remote: Remote, commit: str) -> bool:
    """Push ``commit`` to the branch: True when it landed, False when the branch had moved
    on (fetch, rebuild and push again); :class:`PushError` for anything else."""
    done = remote.repo.attempt(
        "push", "--porcelain", "--quiet", remote.name, f"{commit}:refs/heads/{remote.branch}",
        env=NO_PROMPT,
    )  # fmt: skip
    if done.returncode == 0:
        return True
    refused = [
        line.split("\t")[-1]
        for line in done.stdout.decode("utf-8", "replace").splitlines()
        if line.startswith("!")
    ]
    if refused and all(any(reason in line for reason in MOVED_ON) for line in refused):
        return False
    said = refused[0] if refused else git_message(done.stderr)
    raise PushError(f"cannot push to {remote.branch} of {remote.describe()}: {said}")


def is_ancestor(repo: Repo, older: str, newer: str) -> bool:
    """Whether ``older`` is ``newer`` or one of its ancestors."""
    try:
        return repo.attempt("merge-base", "--is-ancestor", older, newer).returncode == 0
    except GitError:
        return False
