"""Start-up cost: the CLI runs in every pre-commit and agent step, so it imports only what it needs.

Heavy libraries used by one subcommand (Jinja2 for ``render``, jsonschema for
schema checks) are imported inside that subcommand, not when ``tracker.cli.main``
is loaded. ``python -X importtime -m tracker --help`` shows what a change costs.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("jinja2", "jsonschema", "check_jsonschema", "ruamel", "psycopg")


@pytest.mark.slow
def test_loading_the_cli_imports_no_heavy_library():
    code = "import sys, tracker.cli.main; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert not {name for name in HEAVY if name in loaded}
