"""Anchors of item rows: stable, unique on a page, and safe whatever the item is called.

An anchor is ``item-`` + the name's :func:`~tracker.domain.names.sanitized_name`
(readable) + a digest of the exact name (unique): ``TruLens`` and ``Trulens``,
or ``OPA/Gatekeeper`` and ``OPA Gatekeeper``, share a sanitized name but never
an anchor. Only ``a-z``, ``0-9`` and ``-`` appear, so an anchor needs no
escaping in an ``id`` or a link and cannot be confused by case. It depends on
the name alone, so links stay valid as other items come and go.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from tracker.domain.names import sanitized_name

PREFIX = "item-"
"""No other ``id`` on a week page starts with this."""
SHORT_DIGEST = 8


def item_anchor(name: str, digits: int = SHORT_DIGEST) -> str:
    """``item-opa-gatekeeper-1f0c...``: the sanitized name and ``digits`` hex of the digest."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{PREFIX}{sanitized_name(name)}-{digest[:digits]}"


def item_anchors(names: Iterable[str]) -> dict[str, str]:
    """The anchor of each name, unique among ``names``.

    Should two names share a short digest, both take the whole digest instead.
    """
    short = {name: item_anchor(name) for name in names}
    uses = Counter(short.values())
    return {
        name: anchor if uses[anchor] == 1 else item_anchor(name, 64)
        for name, anchor in short.items()
    }
