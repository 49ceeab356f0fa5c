"""Item names: what a name may be, the one ``sanitized_name`` for output paths, and its week."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from tracker.exceptions import InvalidNameError

# Letters that NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "\u0131": "i",
    }
)  # fmt: skip
_NON_ALNUM_RUN = re.compile(r"[^a-z0-9]+")

MAX_NAME_LENGTH = 200
"""The longest item name (in characters) a sync accepts. The longest in the CNCF landscape
has 64; every name this long is written as a key YAML parsers accept (at most 1024)."""
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
"""Control and format characters (bidirectional overrides, zero-width), surrogates,
unassigned code points, line and paragraph separators."""
_BOM = "\ufeff"


def clean_name(raw: object) -> str:
    """An item name as the ETL gave it, without surrounding whitespace or byte-order mark.

    Raises :class:`InvalidNameError` for a name that is not text, is empty,
    is longer than :data:`MAX_NAME_LENGTH`, or holds a control or format
    character (which would be invisible in a terminal, or forge output).
    """
    if not isinstance(raw, str):
        raise InvalidNameError(f"an item name must be text, got {raw!r}")
    name = raw.strip().lstrip(_BOM).strip()
    if not name:
        raise InvalidNameError(f"an item name cannot be empty or blank (got {raw!r})")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"item name {name[:40]!r}... is {len(name)} characters long; "
            f"names have at most {MAX_NAME_LENGTH}"
        )
    for char in name:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise InvalidNameError(
                f"item name {name!r} holds the invisible or control character "
                f"U+{ord(char):04X}; names may not"
            )
    return name


def clean_names(names: Iterable[str]) -> list[str]:
    """Every name cleaned by :func:`clean_name`; a single string is refused (it is not a list)."""
    if isinstance(names, str | bytes):
        raise InvalidNameError(
            f"expected a list of item names, got the single string {names!r} "
            f"(write [{names!r}] for one name)"
        )
    try:
        return [clean_name(name) for name in names]
    except TypeError:
        raise InvalidNameError(f"expected a list of item names, got {names!r}") from None


def fold_ascii(text: str) -> str:
    """Unicode folded to ASCII: accents dropped, ligatures spelled out, the rest removed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=1 << 16)
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
