"""The user's private cache folder for the tracker: what can be made again, kept between runs.

``$XDG_CACHE_HOME/tracker`` (default ``~/.cache/tracker``), never inside a
repository. Anything kept there is derived from inputs it is keyed by, so a
lost, stale or corrupt entry only costs the time to make it again. The folder
is used only when it is a real folder owned by this user and writable by no
one else (what is kept there may be code, as compiled templates are);
``TRACKER_NO_CACHE`` (any non-empty value) turns every cache off.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
    ``outside`` (a repository: nothing is ever written there)."""
    folder = cache_path(*parts)
    if folder is None:
        return None
    if outside is not None and Path(os.path.realpath(folder)).is_relative_to(
        os.path.realpath(outside)
    ):
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if stat.S_ISDIR(info.st_mode) and private else None
