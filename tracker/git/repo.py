"""The only module that runs git: a repository and the few questions the tracker asks it.

Every failure is a :class:`GitError` naming the command and git's own message;
nothing here parses tracker files.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.domain.timeutil import parse_time
from tracker.exceptions import TrackerError


class GitError(TrackerError):
    """A git command failed (not a repository, unknown revision, ...)."""


@dataclass(frozen=True)
class Commit:
    """One commit that touched a path, with its parents in the path's simplified history."""

    sha: str
    parents: tuple[str, ...]
    author: str
    time: datetime


@dataclass(frozen=True)
class Repo:
    """A git work tree (``folder`` is any folder inside it)."""

    folder: Path

    def run(
        self, *args: str, input: bytes | None = None, check: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> bytes:  # fmt: skip
        """``git -C folder ARGS``'s standard output; :class:`GitError` when it fails."""
        done = self.attempt(*args, input=input, env=env)
        if check and done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(
                f"git {args[0]} in {self.folder} failed: {' '.join(said) or done.returncode}"
            )
        return done.stdout

    def attempt(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        """Run git (with ``env`` added to this process's environment); the finished process,
        whatever its status, for commands whose failure says something (a refused commit,
        a rejected push, a busy ref)."""
        try:
            return subprocess.run(
                ["git", "-C", str(self.folder), *args], input=input,
                env={**os.environ, **env} if env else None, capture_output=True, check=False,
            )  # fmt: skip
        except OSError as error:
            raise GitError(f"git {args[0]}: cannot run git: {error.strerror or error}") from None

    def run_with_env(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
        """Run git with extra environment variables; the finished process, whatever its status
        (for commands whose failure carries output to show, like hooks refusing a commit)."""
        return self.attempt(*args, env=env)

    def git_dir(self) -> Path:
        """The repository's git folder (``.git``, or a worktree's own)."""
        return Path(self.text("rev-parse", "--absolute-git-dir").strip())

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "replace")

    def toplevel(self) -> Path:
        """The work tree's root."""
        return Path(self.text("rev-parse", "--show-toplevel").strip())

    def relative(self, path: Path) -> str:
        """``path`` relative to the work tree's root, with ``/`` (as git names files)."""
        return path.resolve().relative_to(self.toplevel().resolve()).as_posix()

    def commits_touching(self, path: str, rev: str = "HEAD") -> list[Commit]:
        """Commits of ``rev`` that changed ``path``, oldest first, with rewritten parents.

        Parents are those of the path's simplified history (git's default), so a
        merge that took one side's file whole is not listed, and every commit is
        compared with the nearest earlier versions of the file on each of its lines.
        """
        fmt = "%H%x09%P%x09%an%x09%aI"
        log = self.text(
            "log",
            "--reverse",
            "--topo-order",
            "--parents",
            f"--format={fmt}",
            rev,
            "--",
            f":(top){path}",
        )
        commits = []
        for line in log.splitlines():
            if not line.strip():
                continue
            sha, parents, author, time = line.split("\t")
            commits.append(Commit(sha, tuple(parents.split()), author, parse_time(time)))
        return commits

    def read_blobs(self, specs: Sequence[str]) -> Iterator[bytes | None]:
        """The contents of ``rev:path`` specs, in order (None for a spec that names nothing),
        read through one ``git cat-file --batch``."""
        if not specs:
            return iter(())
        out = self.run("cat-file", "--batch", input="".join(f"{s}\n" for s in specs).encode())
        return _batch_objects(out, len(specs))

    def show(self, rev: str, path: str) -> bytes | None:
        """``path`` at ``rev``, or None when it does not exist there."""
        return next(self.read_blobs([f"{rev}:{path}"]))

    def list_files(self, rev: str, folder: str) -> list[str]:
        """Paths of the files under ``folder`` at ``rev`` (recursively)."""
        out = self.text("ls-tree", "-r", "--full-tree", "--name-only", rev, "--", folder)
        return [line for line in out.splitlines() if line]

    def resolve(self, rev: str) -> str:
        """The commit ``rev`` names; :class:`GitError` when it names none."""
        found = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if not found.strip():
            raise GitError(f"{rev!r} names no commit in {self.folder}")
        return found.decode().strip()


def git_message(stderr: bytes) -> str:
    """The line of git's standard error that says what went wrong (``fatal: ...``)."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    said = [line for line in lines if line and not line.startswith("hint:")]
    wrong = [line for line in said if line.startswith(("fatal:", "error:", "remote: error"))]
    return (wrong or said or ["no message"])[0]


def merge_text(ours: Path, base: Path, theirs: Path) -> tuple[bytes, bool]:
    """git's own line-based three-way merge of three files (``git merge-file -p``): the
    result, with conflict markers where needed, and whether there were conflicts."""
    args = ["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        done = subprocess.run(
            ["git", *args, str(ours), str(base), str(theirs)], capture_output=True, check=False
        )
    except OSError as error:
        raise GitError(f"git merge-file: cannot run git: {error.strerror or error}") from None
    if done.returncode < 0 or done.returncode > 127:
        said = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git merge-file failed: {said}")
    return done.stdout, done.returncode > 0


def _batch_objects(out: bytes, count: int) -> Iterator[bytes | None]:
    """Split ``git cat-file --batch`` output: ``<sha> <type> <size>\n<contents>\n`` per
    object, or ``<spec> missing\n`` (``ambiguous``) for a spec that names none."""
    at = 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end]
        at = end + 1
        if header.endswith((b" missing", b" ambiguous")):
            yield None
            continue
        size = int(header.rsplit(b" ", 1)[1])
        yield out[at : at + size]
        at += size + 1
