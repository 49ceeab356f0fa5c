"""The README's development map names every module of the package."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "tracker"


def _map() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Development", 1)[1].split("```", 2)[1]


def test_every_module_has_a_line_in_the_development_map():
    lines = _map().splitlines()
    folders: list[str] = []
    listed: set[str] = set()
    for line in lines:
        match = re.match(r"( *)(\S+)", line)
        if not match:
            continue
        depth = len(match[1]) // 2
        folders[depth:] = [match[2]]
        listed.add("".join(folders))
    modules = {
        str(p.relative_to(REPO_ROOT))
        for p in PACKAGE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
        and "commands" not in p.parts
        and "lint" not in p.parts
    }
    assert modules <= listed, sorted(modules - listed)


def test_tests_mirror_the_package():
    wings = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert wings <= {p.name for p in (REPO_ROOT / "tests").iterdir() if p.is_dir()}
