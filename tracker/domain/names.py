"""Item names: the one ``sanitized_name`` for output paths, and the week a name belongs to."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Letters that NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "\u0131": "i",
    }
)  # fmt: skip
_NON_ALNUM_RUN = re.compile(r"[^a-z0-9]+")


def fold_ascii(text: str) -> str:
    """Unicode folded to ASCII: accents dropped, ligatures spelled out, the rest removed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def sanitized_name(name: str) -> str:
    """The file-name form of an item name, used in output paths.

    Lowercase ASCII after unicode folding; every run of other characters
    becomes one ``-``; no leading or trailing ``-``. Never empty: a name with
    no ASCII letter or digit gets ``item-`` and a short stable hash.

    >>> sanitized_name("OPA/Gatekeeper")
    'opa-gatekeeper'
    >>> sanitized_name("Ænix (member)")
    'aenix-member'
    """
    slug = _NON_ALNUM_RUN.sub("-", fold_ascii(name).lower()).strip("-")
    if slug:
        return slug
    return "item-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def bucket_letter(name: str) -> str | None:
    """The week a name belongs to: its first letter after folding, case-insensitively.

    Names starting with a digit or symbol go under the first letter they
    contain (``3Scale`` -> ``S``, ``.NET`` -> ``N``). ``None`` if there is none.
    """
    for char in fold_ascii(name):
        if char.isascii() and char.isalpha():
            return char.upper()
    return None
