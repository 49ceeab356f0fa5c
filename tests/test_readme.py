"""The README's examples stay true."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_week

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_file_format_example_is_canonical():
    block = re.search(r"## File format\n\n```yaml\n(.*?)```", README, re.S)
    assert block is not None
    assert dump_week(parse_week(block[1], "README.md")) == block[1]
