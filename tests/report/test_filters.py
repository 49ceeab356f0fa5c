"""Filters that keep untrusted text inert: link targets and Markdown cells."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.report.filters import markdown_text, number, safe_url


@pytest.mark.parametrize(
    "url",
    [
        "research/argo.yaml",
        "../../content/a%20b.md",
        "index.html#week-A",
        "https://landscape.cncf.io/",
        "HTTP://example.org/x",
        "",
    ],
)
def test_safe_url_keeps_relative_and_web_links(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//evil.example/x",
        "\\\\evil.example/x",
        "/\\evil.example/x",
    ],
)
def test_safe_url_refuses_other_schemes_and_hosts(url):
    assert safe_url(url) == ""


@given(st.text())
def test_safe_url_never_passes_a_script_scheme(url):
    kept = re.sub(r"[\x00-\x20\x7f]", "", safe_url(url)).lower()
    assert not kept.startswith(("javascript:", "data:", "vbscript:", "//"))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Argo", "Argo"),
        ("a|b", r"a\|b"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("line\nbreak\r\n  here", "line break here"),
        ("R&D *bold* `code`", r"R&amp;D \*bold\* \`code\`"),
    ],
)
def test_markdown_text(text, escaped):
    assert markdown_text(text) == escaped


@given(st.text())
def test_markdown_text_stays_in_its_cell(text):
    cell = markdown_text(text)
    assert "\n" not in cell and "\r" not in cell
    unescaped = re.sub(r"\\.", "", cell)
    assert not set("|<>[]`") & set(unescaped)


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (962, "962"), (1950, "1,950")])
def test_number(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    ("text", "neutral"),
    [
        ("see https://evil.example/x", "see https:&#8203;//evil.example/x"),
        ("HTTP://evil.example", "HTTP:&#8203;//evil.example"),
        ("go to www.evil.example now", "go to www&#8203;.evil.example now"),
        ("ping @octocat and @org/team", "ping @&#8203;octocat and @&#8203;org/team"),
        ("mail root@evil.example", "mail root@&#8203;evil.example"),
        ("fixes #123", r"fixes \#&#8203;123"),
        ("sub.www.example", "sub.www.example"),
    ],
)
def test_markdown_text_breaks_autolinks_and_mentions(text: str, neutral: str) -> None:
    """GitHub links URLs and e-mail addresses and notifies @mentions in plain text."""
    assert markdown_text(text) == neutral


@given(st.text())
def test_markdown_text_leaves_nothing_github_would_link_or_ping(text: str) -> None:
    cell = markdown_text(text)
    assert "://" not in cell
    assert not re.search(r"(?<![\w.])www\.", cell, re.IGNORECASE)
    assert not re.search(r"@\w", cell)
