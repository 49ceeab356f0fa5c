"""The user's private cache folder for the tracker: what can be made again, kept between runs.

``$XDG_CACHE_HOME/tracker`` (default ``~/.cache/tracker``), never inside a
repository or project. Anything kept there is derived from inputs it is keyed by, so a
lost, stale or corrupt entry only costs the time to make it again. The folder
is used only when it is a real folder owned by this user and writable by no
one else (what is kept there may be code, as compiled templates are);
``TRACKER_NO_CACHE`` (any non-empty value) turns every cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "TRACKER_NO_CACHE"


def cache_path(*parts: str) -> Path | None:
    """Where the cache folder ``parts`` below the tracker's is (nothing is created); None
    when caching is off or there is no home to put it in."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: ignored, as the XDG spec says
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base, "tracker", *parts)


def cache_folder(*parts: str, outside: Path | None = None) -> Path | None:
    """The cache folder ``parts`` below the tracker's, created private (0700) when missing;
    None when caching is off, the folder cannot be used safely, or it would lie inside
    ``outside`` or any other repository or project (nothing is ever written in one)."""
    folder = cache_path(*parts)
    if folder is None:
        return None
    real = os.path.realpath(folder)
    if outside is not None and Path(real).is_relative_to(os.path.realpath(outside)):
        return None
    if _in_a_project(real):
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if stat.S_ISDIR(info.st_mode) and private else None


@lru_cache(maxsize=16)
def _in_a_project(path: str) -> bool:
    """Whether ``path`` (resolved) is in a repository or project: a folder on its way up
    holds ``.git`` or ``pyproject.toml``. The way up stops below the user's home, which
    may itself be a repository of dotfiles with the cache folder ignored."""
    home = Path(os.path.realpath(os.path.expanduser("~")))
    for folder in (Path(path), *Path(path).parents):
        if folder == home:
            return False
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            return True
    return False


@cache
def code_identity() -> str:
    """A digest of the code that runs: the tracker's own files (relative path, size and
    modification time: an editable install keeps its version when its code changes), the
    Python, and its libraries' folders (an upgrade changes them). What is kept keyed by it
    is never used by other code."""
    described = json.dumps([_interpreter(), _package_files()], sort_keys=True)
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


def _package_files() -> list[tuple[str, int, int]]:
    """The tracker's own files (not the bytecode Python writes beside them)."""
    base = os.path.dirname(os.path.abspath(__file__))
    files = []
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
        for name in sorted(names):
            info = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), base)
            files.append((relative, info.st_size, info.st_mtime_ns))
    return files


def _interpreter() -> list[Any]:
    """The Python running, and the folders its libraries (pydantic, PyYAML) are installed in,
    which change when one is installed, upgraded or removed."""
    libraries = []
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                libraries.append([entry, os.stat(entry).st_mtime_ns])
            except OSError:
                continue
    return [sys.executable, sys.version, libraries]
