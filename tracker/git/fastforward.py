"""After a push: bring the checked-out branch and work tree forward, when that loses nothing.

A pushed change is on the remote branch, not yet in the clone. When the
clone has that branch checked out (it is the branch's upstream), is behind
it, and git can fast-forward without overwriting anything changed locally,
the branch and work tree move to the pushed commit, so ``tracker show`` in
the clone sees it. Otherwise they are left exactly as they are and the
caller is told why (``git pull`` brings them up to date later).

The output files a push committed are in the work tree already, untracked;
git refuses to overwrite untracked files, so those that hold exactly what was
committed are added to the index first. The move happens under a lock of the
clone (processes of one clone take turns) and the local weeks' locks (no
tracker write in the clone runs meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import timedelta

from tracker.exceptions import TrackerError
from tracker.git.remote import Remote, is_ancestor, upstream
from tracker.git.repo import Repo, git_message
from tracker.store.safewrite import LOCKS_HELD_ENV, exclusive_lock

LOCK_NAME = "tracker-fast-forward"
"""``.git/tracker-fast-forward.lock``: processes of one clone move its branch in turn."""


def checked_out_tracking(remote: Remote) -> str | None:
    """The checked-out branch, if its upstream is ``remote`` (the branch a push moves on)."""
    if upstream(remote.repo) != (remote.name, remote.branch):
        return None
    return remote.repo.text("symbolic-ref", "--short", "HEAD").strip()


def bring_forward(
    remote: Remote,
    branch: str,
    commit: str,
    outputs: Sequence[str],
    week_locks: Callable[[], AbstractContextManager[object]],
    data_dir: str,
    timeout: timedelta,
) -> str | None:
    """Fast-forward ``branch`` (checked out, tracking ``remote``) and the work tree to
    ``commit`` if nothing local is lost; None when it moved (or needed not), else why not."""
    repo = remote.repo
    left = f"{branch} and the work tree were left as they are"
    try:
        with exclusive_lock(repo.git_dir() / LOCK_NAME, timeout), week_locks():
            if repo.text("symbolic-ref", "--quiet", "HEAD").strip() != f"refs/heads/{branch}":
                return f"{left}: another branch is checked out now"
            head = repo.resolve("HEAD")
            if is_ancestor(repo, commit, head):
                return None
            if not is_ancestor(repo, head, commit):
                return f"{left}: {branch} has commits {remote} lacks (git pull --rebase)"
            _stage_committed_outputs(repo, commit, outputs)
            done = repo.attempt(
                "merge", "--ff-only", "--quiet", "--no-stat", commit,
                env={LOCKS_HELD_ENV: data_dir},
            )  # fmt: skip
    except TrackerError as error:  # a lock held too long, git failing: the push stands
        return f"{left}: {error}"
    if done.returncode != 0:
        return f"{left}: {git_message(done.stderr)} (git status; then git pull)"
    return None


def _stage_committed_outputs(repo: Repo, commit: str, outputs: Sequence[str]) -> None:
    """Add to the index the untracked output files that hold exactly what ``commit`` has."""
    if not outputs:
        return
    tracked = set(repo.text("ls-files", "-z", "--", *outputs).split("\0"))
    for path in outputs:
        if path in tracked:
            continue
        here = repo.attempt("hash-object", "--", path)
        there = repo.attempt("rev-parse", "--verify", "--quiet", f"{commit}:{path}")
        if here.returncode == 0 and here.stdout.strip() == there.stdout.strip():
            repo.run("update-index", "--add", "--", path)
