"""A commit built with git's plumbing: a parent and the files that change, nothing else.

The work tree and the index of the clone are never touched: blobs are
written with one ``hash-object``, the tree is made in a temporary index of its
own (``GIT_INDEX_FILE``), so any number of processes of one clone build
commits at once without meeting on ``index.lock``, and a person's staged or
unstaged work is never in the way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from tracker.git.repo import GitError, Repo, git_message

FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "tracker",
    "GIT_AUTHOR_EMAIL": "tracker@localhost",
    "GIT_COMMITTER_NAME": "tracker",
    "GIT_COMMITTER_EMAIL": "tracker@localhost",
}
"""Who commits when git knows nobody (a fresh CI runner): the agents are named in the events."""
_NO_IDENTITY = (b"identity unknown", b"auto-detect email", b"empty ident name")


def build_commit(repo: Repo, parent: str, files: Mapping[str, bytes], message: str) -> str:
    """A new commit whose tree is ``parent``'s with ``files`` (path from the repository
    root -> contents) written over it; its id. Nothing refers to it until it is pushed."""
    with tempfile.TemporaryDirectory(prefix="tracker-commit-") as folder:
        staged = [Path(folder, f"blob-{n}") for n in range(len(files))]
        for where, data in zip(staged, files.values(), strict=True):
            where.write_bytes(data)
        paths = "".join(f"{where}\n" for where in staged).encode()
        blobs = (
            repo.run("hash-object", "-w", "--no-filters", "--stdin-paths", input=paths)
            .decode()
            .split()
        )
        entries = "".join(
            f"100644 {blob}\t{path}\0" for blob, path in zip(blobs, files, strict=True)
        )
        index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        repo.run("read-tree", parent, env=index)
        repo.run("update-index", "-z", "--index-info", input=entries.encode("utf-8"), env=index)
        tree = repo.run("write-tree", env=index).decode().strip()
    args = ("commit-tree", tree, "-p", parent, "-F", "-")
    done = repo.attempt(*args, input=message.encode("utf-8"))
    if done.returncode != 0 and any(said in done.stderr for said in _NO_IDENTITY):
        done = repo.attempt(*args, input=message.encode("utf-8"), env=FALLBACK_IDENTITY)
    if done.returncode != 0:
        raise GitError(f"git commit-tree in {repo.folder} failed: {git_message(done.stderr)}")
    return done.stdout.decode().strip()
