"""The files a store keeps beside a week's tracker file that are never committed.

Declared once for every path that names them: the locks and atomic writes
(:mod:`tracker.store.safewrite`), the journal (:mod:`tracker.store.journal`),
what ``tracker commit`` leaves out (:mod:`tracker.git.commit`) and what keeps
``tracker check``'s result cache from answering (:mod:`tracker.checking.cache`).
Standard library only: the cache's hit path imports it.
"""

from __future__ import annotations

LOCK_SUFFIX = ".lock"
"""``tracker.yaml.lock``: the week's lock file (its holder's record while held)."""
JOURNAL_SUFFIX = ".journal"
"""``tracker.yaml.journal``: the write-ahead journal (non-empty while a change is unfinished)."""
TEMPORARY_SUFFIX = ".tmp"
"""``.tracker.yaml.<random>.tmp``: an atomic write in flight, or one a killed writer left."""

LOCAL_SUFFIXES = (LOCK_SUFFIX, JOURNAL_SUFFIX, TEMPORARY_SUFFIX)
"""Every kind of local file, each git-ignored and never committed."""
