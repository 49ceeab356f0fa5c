"""Which history fragment this process writes: ``history/<clone>-<branch>.jsonl``.

Events go to files that two writers never share, so git merges histories
without conflicts on every merge path (a merge button runs no merge drivers):
two clones have different clone ids, and two branches of one clone different
branch names. The clone id is a random name kept in the clone's git folder
(never committed); outside git every event goes to ``history/local.jsonl``.
Changes pushed straight to a remote branch (``--push``) go to a fragment of
their own, ``push-<clone id>-<branch>``.
Git's folder is read directly, no git process is started.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

CLONE_ID_FILE = "tracker-writer"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def git_dir(root: Path) -> Path | None:
    """The git folder of the work tree at ``root`` (``.git``, or where a ``.git`` file points)."""
    dot_git = root / ".git"
    folder: Path | None = None
    if dot_git.is_dir():
        folder = dot_git
    elif dot_git.is_file():
        text = dot_git.read_text("utf-8", "replace").strip()
        if text.startswith("gitdir:"):
            target = Path(text.removeprefix("gitdir:").strip())
            folder = target if target.is_absolute() else (root / target).resolve()
    # A git folder always has HEAD; anything else is not one.
    return folder if folder is not None and (folder / "HEAD").is_file() else None


def clone_id(folder: Path) -> str:
    """This clone's random id, made the first time it is asked for (by whoever asks first)."""
    path = folder / CLONE_ID_FILE
    try:
        return path.read_text("ascii").strip()
    except FileNotFoundError:
        pass
    fresh = folder / f".{CLONE_ID_FILE}.{os.getpid()}.tmp"
    fresh.write_text(secrets.token_hex(4) + "\n", "ascii")
    try:
        os.link(fresh, path)  # creates it only if nobody did meanwhile
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
    return path.read_text("ascii").strip()


def branch(folder: Path) -> str:
    """The checked-out branch (``main``, ``feature-x`` for ``feature/x``), or ``detached``."""
    head = (folder / "HEAD").read_text("utf-8", "replace").strip()
    if not head.startswith("ref: refs/heads/"):
        return "detached"
    return _safe(head.removeprefix("ref: refs/heads/"))


def _safe(name: str) -> str:
    return _UNSAFE.sub("-", name).strip("-.") or "branch"


def pushing_writer_name(folder: Path, branch: str) -> str:
    """The fragment this clone appends to on a remote ``branch`` (``tracker ... --push``):
    ``push-<clone id>-<branch>``, never a name the clone writes locally (those start with
    the clone id), so pushed events and local ones never meet in one file."""
    return f"push-{clone_id(folder)}-{_safe(branch)}"


def writer_name(root: Path) -> str:
    """The fragment name this process writes under the project at ``root``."""
    folder = git_dir(root)
    if folder is None:
        return "local"
    return f"{clone_id(folder)}-{branch(folder)}"
