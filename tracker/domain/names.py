"""Names: week letters and folders, and the one ``sanitized_name`` for output paths."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from tracker.exceptions import InvalidWeekLetterError

WEEK_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WEEK_FOLDER_RE = re.compile(r"^(\d\d)-([A-Z])$")

# Letters that NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "\u0131": "i",
    }
)  # fmt: skip
_NON_ALNUM_RUN = re.compile(r"[^a-z0-9]+")


def normalize_week_letter(letter: str) -> str:
    """``'a'`` -> ``'A'``; anything but one letter A-Z raises :class:`InvalidWeekLetterError`."""
    if not isinstance(letter, str) or len(letter) != 1 or letter.upper() not in WEEK_LETTERS:
        raise InvalidWeekLetterError(f"invalid week letter {letter!r}: expected one letter A-Z")
    return letter.upper()


def week_folder(letter: str) -> str:
    """``'A'`` -> ``'00-A'``, ``'Z'`` -> ``'25-Z'``."""
    upper = normalize_week_letter(letter)
    return f"{WEEK_LETTERS.index(upper):02d}-{upper}"


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
