"""Each output format prints the same diagnostics."""

from __future__ import annotations

import json

import pytest

from tracker.checking.diagnostics import FORMATTERS, Diagnostic, Severity, has_errors

ERROR = Diagnostic("data/weeks/00-A/tracker.yaml", 25, 17, "D001", Severity.ERROR, "a, b: c")
WARNING = Diagnostic("w,x.yaml", 3, 1, "A001", Severity.WARNING, "50% done\nnext")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            "data/weeks/00-A/tracker.yaml:25:17: D001 error: a, b: c\n"
            "w,x.yaml:3:1: A001 warning: 50% done\nnext",
        ),
        (
            "github",
            "::error file=data/weeks/00-A/tracker.yaml,line=25,col=17,title=D001::a, b: c\n"
            "::warning file=w%2Cx.yaml,line=3,col=1,title=A001::50%25 done%0Anext",
        ),
    ],
)
def test_formats(fmt: str, expected: str) -> None:
    assert FORMATTERS[fmt]([ERROR, WARNING]) == expected


def test_json_round_trips() -> None:
    data = json.loads(FORMATTERS["json"]([ERROR]))
    assert data == [
        {
            "path": "data/weeks/00-A/tracker.yaml",
            "line": 25,
            "col": 17,
            "rule": "D001",
            "severity": "error",
            "message": "a, b: c",
        }
    ]


@pytest.mark.parametrize(
    ("diagnostics", "expected"), [([], False), ([WARNING], False), ([WARNING, ERROR], True)]
)
def test_has_errors(diagnostics: list[Diagnostic], expected: bool) -> None:
    assert has_errors(diagnostics) is expected
