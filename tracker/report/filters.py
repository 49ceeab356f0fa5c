"""Template filters, registered by :func:`tracker.report.environment.make_environment`."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})
# Browsers drop these before reading a scheme ("java\tscript:" is "javascript:").
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
# What GitHub turns into links or notifications on its own: URLs (scheme:// and www.),
# e-mail addresses and @mentions (at "@"), issue references (at "#").
_AUTOLINKED = re.compile(r"(://|(?<![\w.])www\.|@|\\#)", re.IGNORECASE)
_BREAK = "&#8203;"
"""A zero-width space, as an entity so the Markdown source shows it."""


def safe_url(url: str) -> str:
    """``url`` if it is relative or http(s); otherwise ``""`` so no link is made.

    Refuses ``javascript:``, ``data:``, ``vbscript:`` and every other scheme,
    including ones hidden by whitespace or control characters, and
    protocol-relative ``//host`` links, which would leave the site.
    """
    stripped = _IGNORED_BY_BROWSERS.sub("", url)
    if stripped.startswith(("//", "\\\\", "/\\", "\\/")):
        return ""
    scheme = urlsplit(stripped).scheme
    if scheme and scheme.lower() not in SAFE_SCHEMES:
        return ""
    if ":" in stripped.split("/", 1)[0] and not scheme:
        return ""  # "a:b" with an odd scheme urlsplit did not recognise
    return url if url == stripped else ""


def markdown_text(text: str) -> str:
    """Untrusted text made inert inside a GitHub Markdown table cell.

    Markdown and HTML punctuation is backslash-escaped, ``&`` becomes an
    entity and line breaks become spaces, so the text cannot open a tag, a
    link, an image or a new table cell. A zero-width space goes into every
    URL, e-mail address, ``@mention`` and ``#reference``, so GitHub neither
    links them nor notifies anyone (``https:&#8203;//evil.example``).
    """
    one_line = " ".join(text.split())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line.replace("&", "&amp;"))
    return _AUTOLINKED.sub(_break_link, escaped)


def _break_link(match: re.Match[str]) -> str:
    found = match[1]
    if found == "://":
        return ":" + _BREAK + "//"
    if found.lower() == "www.":
        return found[:3] + _BREAK + "."
    return found + _BREAK


def number(value: int) -> str:
    """``1950`` -> ``1,950``."""
    return f"{value:,}"
