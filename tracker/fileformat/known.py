"""Texts known to be canonical: written by the emitter, or proven once.

The fast reader's result is kept only when writing it back gives the same
text (:func:`tracker.fileformat.reader.parse_canonical`): a second emission
of the whole week on every read. A text the tracker wrote is canonical by
construction, so it needs no such proof when it is read back: by the process
that wrote it (an agent updating a week task after task, the locked re-read of
every edit), and by every other process of the same user running the same code
(eight agents taking turns at one week, a ``tracker check`` after them).

Texts are remembered by the SHA-256 of their bytes, so a file changed in any
byte is not known. In this process, the latest few hundred are kept in memory.
Between processes, each is an empty file named by its digest in the user's
private cache folder (:mod:`tracker.cachedir`), under the digest of the code
that runs (:func:`~tracker.cachedir.code_identity`): another version of the
tracker, which might write another canonical form, never trusts them. Entries
not touched for a day are removed now and then; a missing one only costs a
proof. ``TRACKER_NO_CACHE`` keeps it all in memory.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from functools import lru_cache
from pathlib import Path

from tracker.cachedir import NO_CACHE_ENV, cache_folder, code_identity

_KEPT = 256
"""Digests remembered in memory (the oldest forgotten first): ten times a series' weeks."""
_STALE = 24 * 3600
"""Seconds after which an entry of the shared store may be removed."""
_SWEEP_ONE_IN = 256
"""How rarely remembering a text also sweeps stale entries."""

_known: dict[bytes, None] = {}


def _digest(text: str | bytes) -> bytes:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).digest()


def _shared_folder() -> Path | None:
    """Where this code's shared entries are (None: caching is off, or no safe folder); found
    again whenever the variables that place it change (``TRACKER_NO_CACHE`` may be set
    while the process runs), not on every read."""
    return _folder_for(*(os.environ.get(name) for name in _PLACING))


_PLACING = ("XDG_CACHE_HOME", "HOME", NO_CACHE_ENV)
"""The variables that decide where (and whether) the cache folder is."""


@lru_cache(maxsize=8)
def _folder_for(*placing: str | None) -> Path | None:
    return cache_folder("known", code_identity()[:32])


def remember(text: str | bytes) -> None:
    """Note that ``text`` is canonical (the emitter wrote it, or a round trip proved it)."""
    digest = _digest(text)
    _remember(digest)
    folder = _shared_folder()
    if folder is None:
        return
    try:
        (folder / digest.hex()).touch()
        if random.randrange(_SWEEP_ONE_IN) == 0:
            _sweep(folder)
    except OSError:
        pass  # a store that cannot be written is no store: the next reader proves the text


def is_known(text: str | bytes) -> bool:
    """Whether ``text`` was noted as canonical, in this process or by another one."""
    digest = _digest(text)
    if digest in _known:
        return True
    folder = _shared_folder()
    if folder is None or not (folder / digest.hex()).is_file():
        return False
    _remember(digest)
    return True


def _remember(digest: bytes) -> None:
    _known.pop(digest, None)
    _known[digest] = None
    while len(_known) > _KEPT:
        del _known[next(iter(_known))]


def _sweep(folder: Path) -> None:
    """Remove the entries of ``folder`` not touched for :data:`_STALE` seconds."""
    oldest = time.time() - _STALE
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.stat().st_mtime < oldest:
                Path(entry.path).unlink(missing_ok=True)


def forget_all() -> None:
    """Forget every text this process remembers (tests use it to start from a fresh
    process's state; the shared store is the test's own cache folder)."""
    _known.clear()
    _folder_for.cache_clear()
