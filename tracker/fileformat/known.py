"""Texts known to be canonical in this process: written by the emitter, or proven once.

The fast reader's result is kept only when writing it back gives the same
text (:func:`tracker.fileformat.reader.parse_canonical`): a second emission
of the whole week on every read. A process that reads back what it wrote (an
agent updating a week task after task, the locked re-read of every edit) has
proven it already: the text it wrote is canonical by construction. The texts
are remembered by a SHA-256 digest of their bytes, so a file changed in any
byte is not known, and memory stays small.
"""

from __future__ import annotations

import hashlib

_KEPT = 256
"""Digests remembered (the oldest forgotten first): ten times the weeks of a series."""

_known: dict[bytes, None] = {}


def _digest(text: str | bytes) -> bytes:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).digest()


def remember(text: str | bytes) -> None:
    """Note that ``text`` is canonical (the emitter wrote it, or a round trip proved it)."""
    digest = _digest(text)
    _known.pop(digest, None)
    _known[digest] = None
    while len(_known) > _KEPT:
        del _known[next(iter(_known))]


def is_known(text: str | bytes) -> bool:
    """Whether ``text`` was noted as canonical in this process."""
    return _digest(text) in _known


def forget_all() -> None:
    """Forget every text (tests use it to start from a fresh process's state)."""
    _known.clear()
